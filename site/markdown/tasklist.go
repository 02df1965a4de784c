package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Task lists as kramdown's GFM parser makes them: "[ ]" or "[x]" and
// white space at the start of a list item is a disabled checkbox with
// kramdown's classes; the list is class="task-list", and its items from
// the first with a checkbox on are class="task-list-item". goldmark's
// task list extension reads the checkboxes; "[x]" with no white space
// after it stays text, as in kramdown.

type taskListClasses struct{}

func (taskListClasses) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		list, ok := n.(*ast.List)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		tasks := false
		for item := list.FirstChild(); item != nil; item = item.NextSibling() {
			if box := checkBox(item, src); box != nil {
				tasks = true
			}
			if tasks {
				addClass(item, "task-list-item")
			}
		}
		if tasks {
			addClass(list, "task-list")
		}
		return ast.WalkContinue, nil
	})
}

// checkBox is the checkbox that starts item, or nil. One that kramdown
// would not read, with no white space after it, becomes text again.
func checkBox(item ast.Node, src []byte) *east.TaskCheckBox {
	block := item.FirstChild()
	if block == nil {
		return nil
	}
	box, ok := block.FirstChild().(*east.TaskCheckBox)
	if !ok {
		return nil
	}
	lines := block.Lines()
	if lines.Len() == 0 {
		return nil
	}
	start := lines.At(0).Start
	if end := start + 3; end < len(src) && src[start] == '[' && !isSpace(src[end]) && src[end] != '\n' {
		block.ReplaceChild(block, box, ast.NewTextSegment(text.NewSegment(start, end)))
		return nil
	}
	return box
}

func addClass(n ast.Node, class string) {
	old := ""
	if v, ok := n.AttributeString("class"); ok {
		if b, ok := v.([]byte); ok {
			old = string(b)
		}
	}
	n.SetAttributeString("class", []byte(joinClass(old, class)))
}

type taskCheckBoxRenderer struct{}

func (taskCheckBoxRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(`<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" `)
			if node.(*east.TaskCheckBox).IsChecked {
				w.WriteString(`checked="checked" `)
			}
			w.WriteString("/>")
		}
		return ast.WalkContinue, nil
	})
}

// taskLists renders goldmark's task list checkboxes as kramdown does.
type taskLists struct{}

func (taskLists) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(taskListClasses{}, 40)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(taskCheckBoxRenderer{}, 100)))
}
