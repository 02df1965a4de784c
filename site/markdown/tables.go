package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Tables as kramdown reads them: any run of lines that each have a "|"
// outside code, after a blank line and before one (or a heading or a
// rule), is a table, with or without a separator line; "|---" lines
// after the first rows make them the header, and ":-", "-:" set the
// alignment. A table cannot interrupt a paragraph, and like kramdown's
// it must start after a block boundary (see afterBlockBoundary): table
// lines right after a heading, a fenced code block or an HTML comment
// are a paragraph.

type tableParser struct{}

// Trigger is nil: a table row need not start with "|".
func (tableParser) Trigger() []byte { return nil }

// pipeAt is where the first "|" outside code spans and wiki links
// ("[[page|label]]", shine's own) and not escaped is in line, or -1.
func pipeAt(line []byte) int {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '[':
			if i+1 < len(line) && line[i+1] == '[' {
				if end := bytes.Index(line[i+2:], []byte("]]")); end >= 0 {
					i += 2 + end + 1
				}
			}
		case '`':
			n := 1
			for i+n < len(line) && line[i+n] == '`' {
				n++
			}
			end := bytes.Index(line[i+n:], bytes.Repeat([]byte{'`'}, n))
			if end < 0 {
				i += n - 1
				continue
			}
			i += n + end + n - 1
		case '|':
			return i
		}
	}
	return -1
}

// isTableLine is kramdown's TABLE_LINE on a line that is not blank.
func isTableLine(line []byte) bool {
	return bytes.IndexByte(line, '|') >= 0 && pipeAt(line) >= 0
}

// tableEnds reports whether the table starting at pos ends at a block
// boundary: the first line without a pipe is blank or the end. Block
// quote markers are skipped; in a list item, the next item is a
// boundary too.
func tableEnds(src []byte, pos int, inList bool) bool {
	for pos < len(src) {
		end := bytes.IndexByte(src[pos:], '\n')
		if end < 0 {
			end = len(src) - pos
		}
		line := bytes.TrimLeft(src[pos:pos+end], " \t>")
		if len(bytes.TrimSpace(line)) == 0 || inList && isListMarker(line) {
			return true
		}
		if !isTableLine(line) {
			return false
		}
		pos += end + 1
	}
	return true
}

func isListMarker(line []byte) bool {
	if len(line) >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && (line[1] == ' ' || line[1] == '\t') {
		return true
	}
	i := 0
	for i < len(line) && i < 9 && isDigit(line[i]) {
		i++
	}
	return i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && (line[i+1] == ' ' || line[i+1] == '\t')
}

// afterBlockBoundary is kramdown's after_block_boundary? for a block
// starting at start in parent: it is the first there, or a blank line
// comes before it, or a block attribute list for it (one that does not
// belong to the block above), or an HTML element whose end of line
// kramdown leaves to be read as a blank line: a void or self-closed
// element, script and style. After anything else kramdown has read the
// end of the line with the block.
func afterBlockBoundary(parent ast.Node, src []byte, start int) bool {
	last := parent.LastChild()
	if last == nil || prevLineBlank(src, start) {
		return true
	}
	switch n := last.(type) {
	case *blockAttrs:
		return n.ald == "" && (n.blankBefore || n.PreviousSibling() == nil)
	case *htmlElement:
		return n.closed || n.name == "script" || n.name == "style"
	}
	return false
}

// kramdownTable is a table being read: its rows as line segments.
type kramdownTable struct {
	ast.BaseBlock
}

var kindKramdownTable = ast.NewNodeKind("KramdownTable")

func (n *kramdownTable) Kind() ast.NodeKind { return kindKramdownTable }

func (n *kramdownTable) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

func (tableParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	if bytes.IndexByte(line, '|') < 0 || !isTableLine(line) {
		return nil, parser.NoChildren
	}
	if i := util.TrimLeftSpaceLength(line); i > 3 {
		return nil, parser.NoChildren
	}
	if !afterBlockBoundary(parent, reader.Source(), seg.Start) {
		return nil, parser.NoChildren
	}
	_, inList := parent.(*ast.ListItem)
	if !tableEnds(reader.Source(), seg.Start, inList) {
		return nil, parser.NoChildren
	}
	t := &kramdownTable{}
	t.Lines().Append(seg)
	reader.AdvanceToEOL()
	return t, parser.NoChildren
}

func (tableParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	if util.IsBlank(line) || !isTableLine(line) {
		return parser.Close
	}
	node.Lines().Append(seg)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

// Close turns the lines into goldmark's table nodes.
func (tableParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	lines := node.Lines()
	table := east.NewTable()
	var rows [][]text.Segment
	var header []text.Segment
	var haveHeader bool
	columns := 0
	first := lines.At(0)
	firstText := bytes.TrimSpace(first.Value(src))
	leadingPipe := len(firstText) > 0 && firstText[0] == '|'
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		v := seg.Value(src)
		if aligns, ok := separatorLine(v); ok {
			if len(rows) > 0 && !haveHeader && len(table.Alignments) == 0 {
				table.Alignments = aligns
				if len(rows) >= 1 {
					header = rows[0]
					rows = rows[1:]
					haveHeader = true
				}
			}
			continue
		}
		cells := splitCells(seg, src, leadingPipe)
		if len(cells) > columns {
			columns = len(cells)
		}
		rows = append(rows, cells)
	}
	for len(table.Alignments) < columns {
		table.Alignments = append(table.Alignments, east.AlignNone)
	}
	makeRow := func(cells []text.Segment) *east.TableRow {
		row := east.NewTableRow(table.Alignments)
		for i := 0; i < columns; i++ {
			cell := east.NewTableCell()
			cell.Alignment = table.Alignments[i]
			if i < len(cells) {
				cell.Lines().Append(cells[i])
			}
			row.AppendChild(row, cell)
		}
		return row
	}
	if haveHeader {
		table.AppendChild(table, east.NewTableHeader(makeRow(header)))
	}
	for _, r := range rows {
		table.AppendChild(table, makeRow(r))
	}
	// The table goes inside the node, which renders as nothing of its
	// own: goldmark's parser still holds the node when it is closed.
	node.SetLines(text.NewSegments())
	node.AppendChild(node, table)
}

// separatorLine is kramdown's TABLE_SEP_LINE: only "+|: -" and at
// least one "-"; it returns the alignments it sets.
func separatorLine(v []byte) ([]east.Alignment, bool) {
	v = bytes.TrimRight(v, " \t\r\n")
	if bytes.IndexByte(v, '-') < 0 {
		return nil, false
	}
	for _, c := range v {
		switch c {
		case '+', '|', ':', ' ', '\t', '-':
		default:
			return nil, false
		}
	}
	var aligns []east.Alignment
	for _, part := range bytes.FieldsFunc(v, func(r rune) bool { return r == '|' || r == '+' }) {
		p := bytes.TrimSpace(part)
		if len(p) == 0 || bytes.IndexByte(p, '-') < 0 {
			continue
		}
		left, right := p[0] == ':', p[len(p)-1] == ':'
		switch {
		case left && right:
			aligns = append(aligns, east.AlignCenter)
		case left:
			aligns = append(aligns, east.AlignLeft)
		case right:
			aligns = append(aligns, east.AlignRight)
		default:
			aligns = append(aligns, east.AlignNone)
		}
	}
	return aligns, true
}

// splitCells cuts a row at its pipes, dropping the empty cell before a
// leading pipe and after a trailing one, and trims each cell.
func splitCells(seg text.Segment, src []byte, leadingPipe bool) []text.Segment {
	var cells []text.Segment
	start := seg.Start
	v := seg.Value(src)
	for {
		i := pipeAt(v[start-seg.Start:])
		if i < 0 {
			cells = append(cells, trimSegment(text.NewSegment(start, seg.Stop), src))
			break
		}
		cells = append(cells, trimSegment(text.NewSegment(start, start+i), src))
		start += i + 1
	}
	if leadingPipe && len(cells) > 0 && cells[0].Len() == 0 {
		cells = cells[1:]
	}
	if len(cells) > 0 && cells[len(cells)-1].Len() == 0 {
		cells = cells[:len(cells)-1]
	}
	return cells
}

func trimSegment(s text.Segment, src []byte) text.Segment {
	for s.Start < s.Stop && isSpace(src[s.Start]) {
		s.Start++
	}
	for s.Stop > s.Start && isSpace(src[s.Stop-1]) {
		s.Stop--
	}
	return s
}

func (tableParser) CanInterruptParagraph() bool { return false }

func (tableParser) CanAcceptIndentedLine() bool { return false }

// tables is the goldmark extension for kramdown's tables, rendered by
// goldmark's table renderer.
type tables struct{ k *Kramdown }

func (t tables) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(tableParser{}, 950)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tableRenderer{t.k}, 500)))
}

// tableRenderer writes tables as kramdown does, with a tbody also when
// there is no header.
type tableRenderer struct{ k *Kramdown }

func (t tableRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindKramdownTable, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
	reg.Register(east.KindTable, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString("<table")
			if n.Attributes() != nil {
				html.RenderAttributes(w, n, nil)
			}
			w.WriteString(">\n")
		} else {
			if _, ok := n.LastChild().(*east.TableRow); ok {
				w.WriteString("</tbody>\n")
			}
			w.WriteString("</table>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(east.KindTableHeader, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString("<thead>\n<tr>\n")
		} else {
			w.WriteString("</tr>\n</thead>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(east.KindTableRow, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if _, ok := n.PreviousSibling().(*east.TableRow); !ok {
				w.WriteString("<tbody>\n")
			}
			w.WriteString("<tr>\n")
		} else {
			w.WriteString("</tr>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(east.KindTableCell, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*east.TableCell)
		tag := "td"
		if _, ok := n.Parent().(*east.TableHeader); ok {
			tag = "th"
		}
		if !entering {
			if !n.HasChildren() {
				// kramdown fills an empty cell with a no-break space.
				w.Write(entityText(0xa0, t.k.EntityOutput))
			}
			w.WriteString("</" + tag + ">\n")
			return ast.WalkContinue, nil
		}
		w.WriteString("<" + tag)
		switch n.Alignment {
		case east.AlignLeft:
			w.WriteString(` style="text-align: left"`)
		case east.AlignRight:
			w.WriteString(` style="text-align: right"`)
		case east.AlignCenter:
			w.WriteString(` style="text-align: center"`)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	})
}
