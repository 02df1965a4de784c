package search

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// encodeGroups makes the shard files of groups again, on all cores.
func (ix *Index) encodeGroups(groups []string) {
	sort.Strings(groups)
	files := make([]map[string][]byte, len(groups))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(groups)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(groups) {
					return
				}
				files[i] = ix.groupFiles(slices.Collect(maps.Keys(ix.members[groups[i]])))
			}
		}()
	}
	wg.Wait()
	for i, g := range groups {
		ix.setGroup(g, files[i])
	}
}

// groupFiles makes the shard files of words, all the words of a group
// (starting with the same two letters): the prefixes' counts and best
// documents, worked out in one pass over the words in order, as a walk
// down the tree of their prefixes. It only reads the index.
func (ix *Index) groupFiles(words []string) map[string][]byte {
	if len(words) == 0 {
		return nil
	}
	g := prefix(words[0], 2)
	sort.Strings(words)
	size := (len(ix.urls) + 63) / 64
	var items []item
	var stack []*node
	var free [][]uint64
	pop := func() {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		count := 0
		for _, x := range n.bits {
			count += bits.OnesCount64(x)
		}
		b := append(make([]byte, 0, 8+10*len(n.shown)), '[')
		b = strconv.AppendInt(b, int64(count), 10)
		for _, r := range n.shown {
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(r.id), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(r.rank), 10)
		}
		ids := make([]int32, len(n.shown))
		for i, r := range n.shown {
			ids[i] = r.id
		}
		items = append(items, item{name: n.name, node: append(b, ']'), ids: ids})
		if len(stack) > 0 {
			parent := stack[len(stack)-1]
			for i, x := range n.bits {
				parent.bits[i] |= x
			}
			parent.plain = mergeTop(parent.plain, n.plain)
		}
		clear(n.bits)
		free = append(free, n.bits)
	}
	push := func(name string) {
		var bs []uint64
		if len(free) > 0 {
			bs, free = free[len(free)-1], free[:len(free)-1]
		} else {
			bs = make([]uint64, size)
		}
		stack = append(stack, &node{name: name, bits: bs})
	}
	// finish sets a node's shown list once its children are merged in:
	// its own word, ranked whole, and the plain ranks below it.
	finish := func(n *node) {
		wd := ix.words[n.name]
		if wd == nil {
			n.shown = n.plain
			return
		}
		own := make([]ranked, len(wd.top))
		plain := make([]ranked, len(wd.top))
		for i, p := range wd.top {
			own[i] = ranked{p.id, rank(p.s, true)}
			plain[i] = ranked{p.id, rank(p.s, false)}
		}
		n.shown = mergeTop(own, n.plain)
		n.plain = mergeTop(plain, n.plain)
	}
	popTo := func(w string) {
		for len(stack) > 0 && !strings.HasPrefix(w, stack[len(stack)-1].name) {
			finish(stack[len(stack)-1])
			pop()
		}
	}
	for _, w := range words {
		popTo(w)
		start := 2
		if len(stack) > 0 {
			start = utf8.RuneCountInString(stack[len(stack)-1].name) + 1
		}
		for n := start; n <= utf8.RuneCountInString(w); n++ {
			push(prefix(w, n))
		}
		leaf := stack[len(stack)-1]
		wd := ix.words[w]
		for _, p := range wd.posts {
			leaf.bits[p.id>>6] |= 1 << (p.id & 63)
		}
		b := append(make([]byte, 0, 8+10*len(wd.top)), '[')
		b = strconv.AppendInt(b, int64(len(wd.posts)), 10)
		if len(wd.posts) <= Top {
			for _, p := range wd.posts {
				b = append(b, ',')
				b = strconv.AppendInt(b, int64(p.id), 10)
				b = append(b, ',')
				b = strconv.AppendInt(b, int64(p.s), 10)
			}
		}
		items = append(items, item{name: w, word: append(b, ']')})
	}
	popTo("")
	sort.SliceStable(items, func(i, j int) bool { return items[i].name < items[j].name })
	shards := map[string][]item{}
	ix.split(g, items, shards)
	files := make(map[string][]byte, 2*len(shards))
	for key, its := range shards {
		files["w/"+ShardFile(key)] = ix.encodeShard(its)
		files["p/"+WordsFile(key)] = ix.encodeWords(its)
	}
	return files
}

// setGroup makes files, by path, the files of the shards of group g
// (none when nil), noting those that changed.
func (ix *Index) setGroup(g string, files map[string][]byte) {
	if ix.groups == nil {
		ix.groups = map[string]map[string][]byte{}
	}
	old := ix.groups[g]
	for name, b := range files {
		if ob, ok := old[name]; !ok || !bytes.Equal(ob, b) {
			ix.note(name, true)
		}
		if _, ok := old[name]; !ok && strings.HasPrefix(name, "w/") {
			ix.note("index.json", true) // its keys
		}
	}
	for name := range old {
		if _, ok := files[name]; !ok {
			ix.note(name, false)
			if strings.HasPrefix(name, "w/") {
				ix.note("index.json", true)
			}
		}
	}
	if files == nil {
		delete(ix.groups, g)
		return
	}
	ix.groups[g] = files
}

// member files word w under its two-letter prefix.
func (ix *Index) member(w string) {
	g := prefix(w, 2)
	m := ix.members[g]
	if m == nil {
		m = map[string]struct{}{}
		ix.members[g] = m
	}
	m[w] = struct{}{}
}

// note records that file name was made again with other bytes (made),
// or is no longer made; Changes reads the bytes.
func (ix *Index) note(name string, made bool) {
	if ix.whole {
		return
	}
	if ix.edits == nil {
		ix.edits = map[string]bool{}
	}
	ix.edits[name] = made
}

// Changes are the files made again since the last call, by path under
// the index's folder, with their bytes, and nil for a file no longer
// made; whole is true instead when every file may have changed, after
// the first Set or one that changed the set of pages (Files has them).
func (ix *Index) Changes() (files map[string][]byte, whole bool) {
	if ix.whole || ix.words == nil {
		ix.whole, ix.edits = false, nil
		return nil, true
	}
	files = make(map[string][]byte, len(ix.edits))
	for name, made := range ix.edits {
		var b []byte
		if made {
			b = ix.file(name)
		}
		files[name] = b
	}
	ix.edits = nil
	return files, false
}

// file is the bytes of one of the index's files, or nil.
func (ix *Index) file(name string) []byte {
	dir, base, _ := strings.Cut(name, "/")
	switch dir {
	case "index.json":
		return ix.manifest()
	case "f":
		c, err := strconv.Atoi(strings.TrimSuffix(base, ".json"))
		if err != nil {
			return nil
		}
		return ix.chunks[c]
	case "w", "p":
		k, err := hex.DecodeString(strings.TrimSuffix(strings.TrimSuffix(base, ".json"), ".bin"))
		if err != nil {
			return nil
		}
		return ix.groups[prefix(string(k), 2)][name]
	}
	return nil
}

// manifest is index.json: the format, its constants and the shard keys.
func (ix *Index) manifest() []byte {
	keys := []string{}
	for _, files := range ix.groups {
		for name := range files {
			if base, ok := strings.CutPrefix(name, "w/"); ok {
				k, _ := hex.DecodeString(strings.TrimSuffix(base, ".json"))
				keys = append(keys, string(k))
			}
		}
	}
	sort.Strings(keys)
	return mustJSON(map[string]any{"v": 3, "chunk": Chunk, "top": Top, "count": len(ix.urls), "keys": keys})
}

// item is a prefix's entry or a word's in a shard.
type item struct {
	name       string
	node, word []byte
	ids        []int32 // the documents a prefix's entry ranks
}

// split files items, all starting with key, under key, or, when they
// make a big shard, those longer than key under the key one letter
// longer.
func (ix *Index) split(key string, items []item, out map[string][]item) {
	size := 0
	seen := map[int32]bool{}
	for _, it := range items {
		size += len(it.name) + len(it.node) + len(it.word) + 8
		for _, id := range it.ids {
			if !seen[id] {
				seen[id] = true
				e := ix.byID[id]
				size += len(e.doc.Title) + len(e.doc.URL) + len(e.doc.Kind) + 16
			}
		}
	}
	n := utf8.RuneCountInString(key)
	if size <= splitAt {
		out[key] = items
		return
	}
	var own []item
	sub := map[string][]item{}
	var subs []string
	for _, it := range items {
		if it.name == key {
			own = append(own, it)
			continue
		}
		k := prefix(it.name, n+1)
		if _, ok := sub[k]; !ok {
			subs = append(subs, k)
		}
		sub[k] = append(sub[k], it)
	}
	if len(subs) == 0 {
		out[key] = items
		return
	}
	out[key] = own
	for _, k := range subs {
		ix.split(k, sub[k], out)
	}
}

// encodeShard writes a shard's prefixes ("n"), words ("w") and the
// title, URL and kind of each document its prefixes rank ("d"), so
// that a one-word query shows its results from this file alone.
func (ix *Index) encodeShard(items []item) []byte {
	var b bytes.Buffer
	var ids []int32
	seen := map[int32]bool{}
	for _, part := range []string{"n", "w"} {
		if part == "n" {
			b.WriteString(`{"n":{`)
		} else {
			b.WriteString("},\n\"w\":{")
		}
		first := true
		for _, it := range items {
			v := it.node
			if part == "w" {
				v = it.word
			}
			if v == nil {
				continue
			}
			if !first {
				b.WriteString(",\n")
			}
			first = false
			b.Write(mustJSON(it.name))
			b.WriteByte(':')
			b.Write(v)
			if part == "n" {
				for _, id := range it.ids {
					if !seen[id] {
						seen[id] = true
						ids = append(ids, id)
					}
				}
			}
		}
	}
	b.WriteString("},\n\"d\":{")
	slices.Sort(ids)
	for i, id := range ids {
		if i > 0 {
			b.WriteString(",\n")
		}
		e := ix.byID[id]
		fmt.Fprintf(&b, `"%d":`, id)
		b.Write(mustJSON([]string{e.doc.Title, e.doc.URL, e.doc.Kind}))
	}
	b.WriteString("}}\n")
	return b.Bytes()
}

// encodeWords makes a shard's p/ file, what a query of more words
// needs beyond the shard, so that it loads both at once and shows its
// results without waiting for their f/ files: the documents of each of
// the shard's words that it gives only a count for, and the title, URL
// and kind of every document with one of its words in the title (the
// results that come first). Numbers are uvarints, strings a length and
// UTF-8:
//
//	count, then for each word: word, length, then for each document by id: id delta × 32 + score
//	count, then each kind
//	count, then for each document by id: id delta, title,
//	    how many bytes its URL shares with the last one's, the rest of it, kind's number
func (ix *Index) encodeWords(items []item) []byte {
	str := func(b []byte, s string) []byte {
		return append(binary.AppendUvarint(b, uint64(len(s))), s...)
	}
	var tailed []string
	var ids []int32
	seen := map[int32]bool{}
	for _, it := range items {
		if it.word == nil {
			continue
		}
		wd := ix.words[it.name]
		if len(wd.posts) > Top {
			tailed = append(tailed, it.name)
		}
		for _, p := range wd.posts {
			if p.s >= 16 && !seen[p.id] {
				seen[p.id] = true
				ids = append(ids, p.id)
			}
		}
	}
	b := binary.AppendUvarint(nil, uint64(len(tailed)))
	var posts []byte
	for _, w := range tailed {
		posts = posts[:0]
		prev := int32(0)
		for _, p := range ix.words[w].posts {
			posts = binary.AppendUvarint(posts, uint64(p.id-prev)<<5|uint64(p.s))
			prev = p.id
		}
		b = str(b, w)
		b = binary.AppendUvarint(b, uint64(len(posts)))
		b = append(b, posts...)
	}
	slices.Sort(ids)
	var kinds []string
	kind := map[string]int{}
	for _, id := range ids {
		k := ix.byID[id].doc.Kind
		if _, ok := kind[k]; !ok {
			kind[k] = len(kinds)
			kinds = append(kinds, k)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(kinds)))
	for _, k := range kinds {
		b = str(b, k)
	}
	b = binary.AppendUvarint(b, uint64(len(ids)))
	prev, last := int32(0), ""
	for _, id := range ids {
		d := ix.byID[id].doc
		b = binary.AppendUvarint(b, uint64(id-prev))
		b = str(b, d.Title)
		n := 0
		for n < len(d.URL) && n < len(last) && d.URL[n] == last[n] {
			n++
		}
		b = binary.AppendUvarint(b, uint64(n))
		b = str(b, d.URL[n:])
		b = binary.AppendUvarint(b, uint64(kind[d.Kind]))
		prev, last = id, d.URL
	}
	return b
}

// encodeChunk makes the f/ file of chunk c.
func (ix *Index) encodeChunk(c int) {
	var chunk []any
	for id := c * Chunk; id < (c+1)*Chunk && id < len(ix.urls); id++ {
		e := ix.byID[id]
		chunk = append(chunk, []string{e.doc.Title, e.doc.URL, e.doc.Kind, e.excerpt})
	}
	b := mustJSON(chunk)
	if !bytes.Equal(ix.chunks[c], b) {
		ix.note(fmt.Sprintf("f/%d.json", c), true)
	}
	ix.chunks[c] = b
}

// Files are the index's files by path under its folder.
func (ix *Index) Files() map[string][]byte {
	if ix.words == nil {
		ix.rebuild()
	}
	out := make(map[string][]byte, len(ix.chunks)+2*len(ix.groups)+1)
	for c, b := range ix.chunks {
		out[fmt.Sprintf("f/%d.json", c)] = b
	}
	for _, files := range ix.groups {
		for name, b := range files {
			out[name] = b
		}
	}
	out["index.json"] = ix.manifest()
	return out
}

// ShardFile is the file name of the shard for key: the hex of its UTF-8
// bytes, so that any letter makes a plain file name.
func ShardFile(key string) string { return hex.EncodeToString([]byte(key)) + ".json" }

// WordsFile is the file name of the words file of the shard for key,
// named as the shard is.
func WordsFile(key string) string { return hex.EncodeToString([]byte(key)) + ".bin" }

// prefix is the first n letters of w (all of it when shorter).
func prefix(w string, n int) string {
	i := 0
	for j := range w {
		if i == n {
			return w[:j]
		}
		i++
	}
	return w
}

func mustJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // strings, numbers and lists only
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
