package broadcast

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/mail"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/inbucket/html2text"
	"github.com/osteele/liquid"
	"github.com/vanng822/go-premailer/premailer"
	gomail "github.com/wneessen/go-mail"
	"golang.org/x/net/html"

	"github.com/shine-blog/shine/content"
	"github.com/shine-blog/shine/site"
)

// Email is the email of one issue: the same for every recipient but for
// the To, Message-ID and List-Unsubscribe headers.
type Email struct {
	List    *content.BroadcastList
	Issue   *Issue
	Subject string
	HTML    string // the site's broadcast-email page, styles on the elements, images embedded
	Text    string
	Images  []Image

	siteURL string // the site's url and baseurl, for absolute links
	host    string // for Message-IDs and List-Id
	from    *mail.Address
}

// Image is a picture of the site embedded in the email, so that opening
// it makes no request anywhere.
type Image struct {
	CID         string
	Name        string
	ContentType string
	Data        []byte
}

// Compose renders the email of issue n of list (0: the newest) as the
// site builds it (the broadcast-email layout, which a site may override),
// then moves its CSS onto the elements, embeds the site's own images,
// drops anything that would load from elsewhere and makes the text part.
func Compose(ctx context.Context, opts site.Options, list string, n int) (*Email, error) {
	s, err := content.Load(opts.Source, content.Options{Theme: opts.Theme, Now: opts.Now, BaseURL: opts.BaseURL})
	if err != nil {
		return nil, err
	}
	l := s.Config.Broadcast(list)
	if l == nil {
		return nil, UnknownListError(&s.Config, list)
	}
	issues, err := Issues(s, list)
	if err != nil {
		return nil, err
	}
	is, err := Find(issues, list, n)
	if err != nil {
		return nil, err
	}
	if s.Config.URL == "" {
		return nil, &content.ConfigError{File: "_config.yml", Line: 1, Key: "url",
			Err: fmt.Errorf("the email links back to the site, so the config needs the site's url (such as https://example.org)")}
	}
	dest := strings.TrimPrefix(site.EmailURL(is.URL), "/")
	s, pages, err := site.RenderFiles(ctx, opts, dest)
	if err != nil {
		return nil, err
	}
	e := &Email{List: l, Issue: is, siteURL: s.Config.URL + s.Config.BaseURL}
	u, _ := url.Parse(s.Config.URL)
	e.host = u.Hostname()
	if l.From != "" {
		e.from, _ = mail.ParseAddress(l.From)
		if e.host == "" {
			e.host = e.from.Address[strings.LastIndex(e.from.Address, "@")+1:]
		}
	}
	if e.Subject, err = subject(l, is); err != nil {
		return nil, err
	}
	if err := e.prepare(s, pages[dest]); err != nil {
		return nil, fmt.Errorf("%s: email: %w", is.Path, err)
	}
	return e, nil
}

// UnknownListError names the lists the config has.
func UnknownListError(cfg *content.Config, list string) error {
	var names []string
	for _, l := range cfg.Broadcasts {
		names = append(names, l.Name)
	}
	if len(names) == 0 {
		return fmt.Errorf("no list %q: _config.yml has no broadcast: lists", list)
	}
	return fmt.Errorf("no list %q in _config.yml (lists: %s)", list, strings.Join(names, ", "))
}

func subject(l *content.BroadcastList, is *Issue) (string, error) {
	out, err := liquid.NewEngine().ParseAndRenderString(l.Subject, map[string]any{
		"list":  map[string]any{"name": l.Name, "title": l.Title, "description": l.Description},
		"issue": map[string]any{"number": is.Number, "title": is.Title, "date": is.Date},
	})
	if err != nil {
		return "", l.KeyError("subject", "%v", err)
	}
	return strings.Join(strings.Fields(out), " "), nil
}

// prepare turns the built page into the email's HTML and text.
func (e *Email) prepare(s *content.Site, page []byte) error {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return err
	}
	if err := e.localize(s, doc); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := html.Render(&buf, doc); err != nil {
		return err
	}
	pm, err := premailer.NewPremailerFromString(buf.String(), premailer.NewOptions())
	if err != nil {
		return err
	}
	if e.HTML, err = pm.Transform(); err != nil {
		return err
	}
	e.HTML = strings.TrimSpace(e.HTML) + "\n"
	// The text part comes from the page before inlining; the title is
	// already the subject.
	body := findElement(doc, "body")
	if body == nil {
		body = doc
	}
	text, err := html2text.FromHTMLNode(body, html2text.Options{})
	if err != nil {
		return err
	}
	e.Text = strings.TrimSpace(text) + "\n"
	return nil
}

// localize makes the page self-contained: site-relative links become
// absolute, the site's own images become embedded parts, and stylesheets,
// scripts and pictures from elsewhere are dropped, so that opening the
// mail requests nothing.
func (e *Email) localize(s *content.Site, doc *html.Node) error {
	base, _ := url.Parse(e.siteURL + "/")
	siteURL, _ := url.Parse(s.Config.URL)
	var remove []*html.Node
	var walkErr error
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "link", "iframe", "object", "embed":
				remove = append(remove, n)
				return
			case "a":
				for i, a := range n.Attr {
					if a.Key == "href" && !strings.HasPrefix(a.Val, "#") {
						if ref, err := base.Parse(a.Val); err == nil {
							n.Attr[i].Val = ref.String()
						}
					}
				}
			case "img", "source":
				for i, a := range n.Attr {
					if a.Key == "srcset" {
						n.Attr[i].Key = "data-srcset-dropped"
					}
					if a.Key != "src" {
						continue
					}
					ref, err := base.Parse(a.Val)
					if err != nil || ref.Scheme == "data" || ref.Scheme == "cid" {
						continue
					}
					if ref.Host != siteURL.Host {
						remove = append(remove, n) // a picture from elsewhere: no request
						continue
					}
					p := strings.TrimPrefix(ref.Path, s.Config.BaseURL)
					img, err := e.embed(s, p)
					if err != nil {
						walkErr = err
						continue
					}
					n.Attr[i].Val = "cid:" + img.CID
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, n := range remove {
		if n.Parent == nil {
			continue
		}
		if n.Data == "img" {
			if alt := attr(n, "alt"); alt != "" {
				n.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: "[" + alt + "]"}, n)
			}
		}
		n.Parent.RemoveChild(n)
	}
	return walkErr
}

func (e *Email) embed(s *content.Site, p string) (Image, error) {
	name := strings.TrimPrefix(path.Clean("/"+p), "/")
	for _, img := range e.Images {
		if img.Name == name {
			return img, nil
		}
	}
	b, err := fs.ReadFile(s.Files, name)
	if err != nil {
		return Image{}, fmt.Errorf("image %s: %w", p, err)
	}
	sum := sha256.Sum256(b)
	img := Image{Name: name, Data: b, CID: hex.EncodeToString(sum[:8]) + "." + path.Base(name) + "@" + e.host,
		ContentType: mime.TypeByExtension(path.Ext(name))}
	if img.ContentType == "" {
		img.ContentType = "application/octet-stream"
	}
	e.Images = append(e.Images, img)
	return img, nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func findElement(n *html.Node, name string) *html.Node {
	if n.Type == html.ElementNode && n.Data == name {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, name); f != nil {
			return f
		}
	}
	return nil
}

// MessageID is the Message-ID of the issue's email to addr: the same on
// every run, so that a receiving server that already has it can tell.
func (e *Email) MessageID(addr string, test bool) string {
	sum := sha256.Sum256([]byte(normalize(addr)))
	kind := ""
	if test {
		kind = "test."
	}
	return fmt.Sprintf("%s%s.%04d.%s@%s", kind, e.List.Name, e.Issue.Number, hex.EncodeToString(sum[:10]), e.host)
}

// Message builds the email to one recipient. test marks a [TEST] copy.
func (e *Email) Message(to Recipient, date time.Time, test bool) (*gomail.Msg, error) {
	if e.from == nil {
		return nil, e.List.KeyError("from", "required to send: the address the list mails from, as in \"Tan <tan@example.org>\"")
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	m.FromMailAddress(e.from)
	if err := m.To(to.String()); err != nil {
		return nil, fmt.Errorf("recipient %s: %w", to.Address, err)
	}
	subj := e.Subject
	if test {
		subj = "[TEST] " + subj
	}
	m.Subject(subj)
	m.SetDateWithValue(date)
	m.SetMessageIDWithValue(e.MessageID(to.Address, test))
	m.SetHeaderPreformatted("List-Id", fmt.Sprintf("%s <%s.%s>", mime.QEncoding.Encode("utf-8", e.List.Title), e.List.Name, e.host))
	m.SetHeaderPreformatted("List-Archive", "<"+e.siteURL+"/broadcast/"+e.List.Name+"/>")
	unsub := fmt.Sprintf("<mailto:%s?subject=%s>", e.from.Address, url.PathEscape("unsubscribe "+e.List.Name))
	if e.List.Unsubscribe != "" {
		u, _ := url.Parse(e.List.Unsubscribe)
		q := u.Query()
		q.Set("list", e.List.Name)
		q.Set("email", to.Address)
		u.RawQuery = q.Encode()
		unsub = "<" + u.String() + ">, " + unsub
		m.SetHeaderPreformatted("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	m.SetHeaderPreformatted("List-Unsubscribe", unsub)
	m.SetHeaderPreformatted("Precedence", "list")
	m.SetBodyString(gomail.TypeTextPlain, e.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, e.HTML)
	for _, img := range e.Images {
		if err := m.EmbedReader(path.Base(img.Name), bytes.NewReader(img.Data), gomail.WithFileContentID(img.CID),
			gomail.WithFileContentType(gomail.ContentType(img.ContentType))); err != nil {
			return nil, err
		}
	}
	return m, nil
}
