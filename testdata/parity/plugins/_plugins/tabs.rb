module Jekyll
  module Tabs
    class TabsBlock < Liquid::Block
      def render(context)
        "TABS" + super
      end
    end
    class Note < Liquid::Tag
      def render(context)
        "NOTE"
      end
    end
  end
  module Shout
    def shout(input, times = 1)
      input.upcase * times
    end
    def whisper(input)
      input.downcase
    end
  end
  class MyGen < Generator
    def generate(site)
    end
  end
end
Liquid::Template.register_tag('tabs', Jekyll::Tabs::TabsBlock)
Liquid::Template.register_tag('note', Jekyll::Tabs::Note)
Liquid::Template.register_filter(Jekyll::Shout)
Jekyll::Hooks.register [:pages, :documents], :post_render do |doc|
end
