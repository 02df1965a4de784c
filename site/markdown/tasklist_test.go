package markdown

import "testing"

var taskListCases = []mdCase{
	{name: "tight", in: "- [ ] x\n- plain\n- [X] big\n",
		want: "<ul class=\"task-list\"><li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" />x</li><li class=\"task-list-item\">plain</li><li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" checked=\"checked\" />big</li></ul>"},
	{name: "items before the first box have no class", in: "1. a\n2. [x] *b*\n{: .l}\n",
		want: "<ol class=\"task-list l\"><li>a</li><li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" checked=\"checked\" /><em>b</em></li></ol>"},
	{name: "loose, and no white space after the box", in: "* [ ] loose\n\n* [x]loose2\n",
		want: "<ul class=\"task-list\"><li class=\"task-list-item\"><p><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" />loose</p></li><li class=\"task-list-item\"><p>[x]loose2</p></li></ul>"},
}

func TestTaskLists(t *testing.T) { runCases(t, taskListCases) }

func FuzzTaskLists(f *testing.F) {
	for _, c := range taskListCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fuzzConvert(t, in)
	})
}

// kramdown writes XHTML.
var xhtmlCases = []mdCase{
	{name: "hard break and rule", in: "hard  \nbreak\n\n***\n",
		want: "<p>hard<br />\nbreak</p>\n<hr />"},
}

func TestXHTML(t *testing.T) { runCases(t, xhtmlCases) }
