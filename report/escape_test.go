package report

import (
	"bytes"
	stdhtml "html"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "Database failover", "Database failover"},
		{"pipe", "a | b", `a \| b`},
		{"html", "<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"backticks", "run `rm -rf`", "run \\`rm -rf\\`"},
		{"link", "[x](https://evil.example)", `\[x\](https\://evil.example)`},
		{"image", "![x](y.png)", `!\[x\](y.png)`},
		{"emphasis", "*bold* _it_ ~del~", `\*bold\* \_it\_ \~del\~`},
		{"newlines", "one\ntwo\r\nthree\tfour", "one two three four"},
		{"heading", "# not a heading", `\# not a heading`},
		{"quote", "> not a quote", `\> not a quote`},
		{"list", "- not a list", `\- not a list`},
		{"ordered list", "1. not a list", `1\. not a list`},
		{"thematic break", "---", `\---`},
		{"setext", "===", `\===`},
		{"negative number", "-13h44m", "-13h44m"},
		{"decimal", "99.9%", "99.9%"},
		{"entity", "&lt;b&gt;", `\&lt;b\&gt;`},
		{"autolink", "see https://x.example and www.example.com", `see https\://x.example and www\.example.com`},
		{"email", "ops@example.com", `ops\@example.com`},
		{"math", "$x$", `\$x\$`},
		{"issue ref", "fixes #12", `fixes \#12`},
		{"backslash", `C:\temp\`, `C:\\temp\\`},
		{"spaces", "  a   b  ", "a b"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"nbsp kept", "14\u00a0h", "14\u00a0h"},
		{"controls", "a\x00b\x1bc", "a b c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := escape(tc.in); got != tc.want {
				t.Errorf("escape(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMermaidText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "email delivery", "email delivery"},
		{"colon", "db: primary", "db#58; primary"},
		{"fence", "```", "#96;#96;#96;"},
		{"comment", "%% x", "#37;#37; x"},
		{"entity", "#35;", "#35;35#59;"},
		{"html", "<b>", "#60;b#62;"},
		{"newline", "a\nsection b", "a section b"},
		{"unicode", "Ausfall ✓", "Ausfall ✓"},
		{"empty", "", "#8203;"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mermaidText(tc.in); got != tc.want {
				t.Errorf("mermaidText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSafeURL(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		ok             bool
	}{
		{"https", "https://tracker.example.com/OPS-311", "https://tracker.example.com/OPS-311", true},
		{"parens", "https://x.example/a_(b)", "https://x.example/a%5F%28b%29", true},
		{"javascript", "javascript:alert(1)", "", false},
		{"relative", "/etc/passwd", "", false},
		{"space", "https://x.example/a b", "", false},
		{"userinfo", "https://user:pw@x.example/", "", false},
		{"empty", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := safeURL(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("safeURL(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// gfm renders Markdown the way GitHub does, as far as a Go library can:
// CommonMark with tables, strikethrough, autolinks and task lists; raw HTML
// is let through, so that any injected tag shows up.
var gfm = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))

var htmlTag = regexp.MustCompile(`<(/?[A-Za-z][A-Za-z0-9-]*)`)

var preBlock = regexp.MustCompile(`(?s)<pre>.*?</pre>`)

// render renders md to HTML and returns its tags in order (the shape of
// the document without its text) and its visible text outside code blocks,
// with "\x00" where a tag was.
func render(t testing.TB, md []byte) (tags []string, text string) {
	t.Helper()
	var out bytes.Buffer
	if err := gfm.Convert(md, &out); err != nil {
		t.Fatal(err)
	}
	for _, m := range htmlTag.FindAllStringSubmatch(out.String(), -1) {
		tags = append(tags, strings.ToLower(m[1]))
	}
	text = preBlock.ReplaceAllString(out.String(), "\x00")
	text = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(text, "\x00")
	return tags, stdhtml.UnescapeString(text)
}

// The seed document, loaded once for the fuzzer; tests copy it before
// changing it.
var (
	seedOnce   sync.Once
	seedCached *Document
)

// injectionDoc puts s into every single-block place of the seed document
// that takes incident text: title, a component name, a timeline event, an
// impact note, an action item, a communication and the internal notes.
func injectionDoc(t testing.TB, s string) []byte {
	t.Helper()
	seedOnce.Do(func() { seedCached = seedDoc(t, sourceLang, false) })
	d := *seedCached
	inc := *d.Incident
	inc.Title = s
	inc.Timeline = slices.Clone(inc.Timeline)
	inc.Timeline[1].Text = s
	inc.Timeline[1].Source = s
	inc.Impacts = slices.Clone(inc.Impacts)
	inc.Impacts[0].Component = s
	inc.Impacts[0].Note = s
	inc.ActionItems = slices.Clone(inc.ActionItems)
	inc.ActionItems[0].Title = s
	inc.ActionItems[0].Priority = s
	inc.Communications = slices.Clone(inc.Communications)
	inc.Communications[0].Text = s
	inc.Notes = []string{s, "other", s}
	inc.Analysis.RootCauses = []string{s}
	d.Incident = &inc
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, &d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkNoInjection is the property: text put into the report changes no
// tag of the rendered HTML (no table column, HTML tag, link, image, code
// span, heading or list appears or disappears) compared with plain text in
// the same places, and it shows as itself (on one line) in every place it
// was put, so no part of it was swallowed as syntax, such as the cells
// beyond a table's columns that GFM drops.
func checkNoInjection(t *testing.T, s string) {
	if strings.TrimSpace(s) == "" {
		t.Skip("blank text is left out of lists, so the shape differs by design")
	}
	const plain = "plain-marker"
	wantTags, baseText := render(t, injectionDoc(t, plain))
	gotTags, gotText := render(t, injectionDoc(t, s))
	if diff := cmp.Diff(wantTags, gotTags); diff != "" {
		t.Errorf("text %q changes the document's structure (-want +got):\n%s", s, diff)
	}
	places := strings.Count(baseText, plain)
	if n := strings.Count(gotText, collapse(s)); n < places {
		t.Errorf("text %q shows as itself in %d places, want %d", s, n, places)
	}
}

func TestMarkdownNoInjection(t *testing.T) {
	for _, s := range injectionSeeds {
		t.Run(s, func(t *testing.T) { checkNoInjection(t, s) })
	}
}

var injectionSeeds = []string{
	"a | b | c",
	"<script>alert(1)</script>",
	"<img src=x onerror=alert(1)>",
	"[click](https://evil.example)",
	"![img](https://evil.example/x.png)",
	"`code` and ```fence```",
	"line one\nline two\n\n| x | y |\n|---|---|",
	"# heading",
	"- item",
	"> quote",
	"1. one",
	"---",
	"https://evil.example www.evil.example mail@evil.example",
	"<https://evil.example>",
	"[ref]: https://evil.example",
	"[ref]",
	"&lt;b&gt; &#60;i&#62;",
	"**bold** _em_ ~~del~~",
	"\\",
	"trailing backslash \\",
	"[^1] footnote",
	"- [ ] task",
	"<!-- comment -->",
	"a\u2028b\u2029c",
	"```mermaid\ngantt\n```",
	"%%{init: {}}%%",
	"section x: y",
}

// FuzzMarkdownInjection checks the no-injection property on arbitrary
// text.
func FuzzMarkdownInjection(f *testing.F) {
	for _, s := range injectionSeeds {
		f.Add(s)
	}
	f.Fuzz(checkNoInjection)
}
