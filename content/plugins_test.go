package content

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestReadSitePlugins reads plugins shaped like the real sites' ones
// (crystal-website's filters and generators, scala-lang's tabs library
// registered from another file).
func TestReadSitePlugins(t *testing.T) {
	fsys := fstest.MapFS{
		"_plugins/h_to_a.rb": {Data: []byte(`require 'jekyll'

module Jekyll
  module HToA
    def h_to_a(input, key = "id")
      input.map do |k, v|
        (v || {}).merge({ key => k })
      end
    end
  end
end

Liquid::Template.register_filter(Jekyll::HToA)
`)},
		"_plugins/raw_content.rb": {Data: []byte(`module Jekyll
  class RawContent < Generator
    def generate(site)
    end
  end
end
`)},
		"_plugins/dead-links.rb": {Data: []byte("Jekyll::Hooks.register :documents, :post_convert do |doc|\nend\n")},
		"_plugins/tabs.rb":       {Data: []byte("require_relative \"lib/tabs\"\n")},
		"_plugins/lib/tabs.rb": {Data: []byte(`module Jekyll
  module Tabs
    class TabsBlock < Liquid::Block
    end
    class TabBlock < TabsBlock
    end
    class Icon < Liquid::Tag
    end
  end
end
Liquid::Template.register_tag('tab', Jekyll::Tabs::TabBlock)
Liquid::Template.register_tag "tabs", Jekyll::Tabs::TabsBlock
Liquid::Template.register_tag('icon', Jekyll::Tabs::Icon)
`)},
		"_plugins/README.md": {Data: []byte("register_tag('x', Y)")},
	}
	got := ReadSitePlugins(fsys, "_plugins")
	want := []SitePlugin{
		{File: "_plugins/dead-links.rb", Hooks: []string{"documents post_convert"}},
		{File: "_plugins/h_to_a.rb", Filters: []string{"h_to_a"}},
		{File: "_plugins/lib/tabs.rb", Tags: []string{"icon"}, Blocks: []string{"tab", "tabs"}},
		{File: "_plugins/raw_content.rb", Generators: []string{"RawContent"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadSitePlugins (-want +got):\n%s", diff)
	}
	if w, want := got[2].Warning(), "_plugins/lib/tabs.rb: Ruby plugin not run (shine cannot run Ruby): tag icon renders as nothing; blocks tab, tabs render their body"; w != want {
		t.Errorf("warning\n\t%s\nwant\n\t%s", w, want)
	}
}
