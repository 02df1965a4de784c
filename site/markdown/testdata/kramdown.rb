# Converts Markdown documents with Jekyll's own Markdown converter, for
# TestKramdownAgreement. Reads a JSON array of {"src", "kramdown"} and
# writes a JSON array of the HTML, in the same order.
require 'jekyll'
require 'json'
require 'tmpdir'

cases = JSON.parse(STDIN.read)
out = Dir.mktmpdir do |dir|
  cases.map do |c|
    cfg = {"source" => dir, "destination" => File.join(dir, "_site"), "quiet" => true}
    cfg["kramdown"] = c["kramdown"] if c["kramdown"]
    site = Jekyll::Site.new(Jekyll.configuration(cfg))
    site.find_converter_instance(Jekyll::Converters::Markdown).convert(c["src"])
  end
end
print JSON.generate(out)
