package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/internal/pdftext"
	"github.com/outagekit/postmortem/rca"
)

// The layout test reads the PDF's own text positions (internal/pdftext)
// and fails on what a reader of a printed page would see as a defect:
//   - a heading, a subheading or a table's header row that ends a page,
//     without what follows it (keep-with-next);
//   - a word broken across lines without a hyphen ("eingehalt" / "en").

// mmPt converts the PDF writer's millimetres to points.
const mmPt = 72 / 25.4

// pageBody returns the lines of a page's body (without the running header
// and footer), top to bottom, each as its items.
func pageBody(p pdftext.Page) [][]pdftext.Item {
	var lines [][]pdftext.Item
	var cur []pdftext.Item
	lastY := -1.0
	for _, it := range sortedItems(p) {
		if it.Y < marginTop*mmPt || it.Y > p.Height-marginBottom*mmPt+1 || strings.TrimSpace(it.Text) == "" {
			continue
		}
		if lastY >= 0 && it.Y-lastY > 1 {
			lines = append(lines, cur)
			cur = nil
		}
		cur = append(cur, it)
		lastY = it.Y
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	return lines
}

func sortedItems(p pdftext.Page) []pdftext.Item {
	items := append([]pdftext.Item(nil), p.Items...)
	// Insertion sort by Y then X: pages hold a few hundred items.
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && (items[j].Y < items[j-1].Y-1 || abs(items[j].Y-items[j-1].Y) <= 1 && items[j].X < items[j-1].X); j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
	return items
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// orphans returns the pages (1-based) whose body ends with a heading,
// subheading or table header row.
func orphans(pages []pdftext.Page, columnTitles map[string]bool) []string {
	var out []string
	for n, p := range pages {
		if n == 0 {
			continue // the title page has no sections
		}
		lines := pageBody(p)
		if len(lines) == 0 {
			continue
		}
		last := lines[len(lines)-1]
		heading, header := true, true
		for _, it := range last {
			if !it.Bold() || it.Size < sizeSub-0.1 {
				heading = false
			}
			if !it.Bold() || abs(it.Size-sizeTable) > 0.1 || !columnTitles[it.Text] {
				header = false
			}
		}
		if heading || header {
			var texts []string
			for _, it := range last {
				texts = append(texts, it.Text)
			}
			out = append(out, fmt.Sprintf("page %d ends with %q", n+1, strings.Join(texts, " | ")))
		}
	}
	return out
}

// token trims the punctuation around a word and lowercases it.
func token(s string) string {
	return strings.ToLower(strings.TrimFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '/'
	}))
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// brokenWords returns the words of the PDF that are neither words of the
// corpus (the same document's Markdown and the catalog), nor the head of
// one broken after a hyphen or slash (its own or one hyphenation added),
// nor the tail of one.
func brokenWords(pages []pdftext.Page, corpus map[string]bool) []string {
	var out []string
	seen := map[string]bool{}
	for n, p := range pages {
		for _, it := range p.Items {
			for _, w := range strings.Fields(it.Text) {
				if strings.HasSuffix(w, "…") {
					continue // shortened to fit: the ellipsis says so
				}
				t := token(w)
				if t == "" || !hasLetter(t) || corpus[t] || seen[t] {
					continue
				}
				seen[t] = true
				ok := false
				for c := range corpus {
					switch {
					case strings.HasSuffix(t, "-") || strings.HasSuffix(t, "/"):
						ok = strings.HasPrefix(c, t) || strings.HasPrefix(c, t[:len(t)-1])
					default:
						ok = strings.HasSuffix(c, t) && len(c) > len(t)
					}
					if ok {
						break
					}
				}
				if !ok {
					out = append(out, fmt.Sprintf("page %d: %q", n+1, w))
				}
			}
		}
	}
	return out
}

// corpusOf is every word of texts, as token writes them, also split at
// "://" (a link is shown without its scheme).
func corpusOf(texts ...string) map[string]bool {
	c := map[string]bool{}
	for _, s := range texts {
		s = strings.ReplaceAll(s, "\\", "")
		for _, w := range strings.Fields(s) {
			for _, part := range append(strings.Split(w, "://"), w) {
				if t := token(part); t != "" {
					c[t] = true
				}
			}
		}
	}
	return c
}

// layoutDocs are the documents the layout test renders: the fixtures in
// both editions and a statement.
func layoutDocs(t *testing.T, lang language.Tag) map[string]func() (md string, pdf []byte) {
	doc := func(d *Document) func() (string, []byte) {
		return func() (string, []byte) {
			var md bytes.Buffer
			if err := WriteMarkdown(&md, d); err != nil {
				t.Fatal(err)
			}
			return md.String(), renderBytes(t, d)
		}
	}
	return map[string]func() (string, []byte){
		"seed-internal": doc(seedDoc(t, lang, false)),
		"rich-internal": doc(richDoc(t, lang, false)),
		"rich-public":   doc(richDoc(t, lang, true)),
		"statement": func() (string, []byte) {
			s := seedStatement(t, lang)
			var md, pdf bytes.Buffer
			if err := WriteStatementMarkdown(&md, s); err != nil {
				t.Fatal(err)
			}
			if err := WriteStatementPDF(&pdf, s); err != nil {
				t.Fatal(err)
			}
			return md.String(), pdf.Bytes()
		},
	}
}

// TestPDFLayout renders the documents in every language, on A4, and
// checks every page for orphaned headings and words broken without a
// hyphen.
func TestPDFLayout(t *testing.T) {
	for _, lang := range Languages() {
		l, err := newLocale(lang)
		if err != nil {
			t.Fatal(err)
		}
		var catalog []string
		titles := map[string]bool{}
		for _, f := range mustCatalogs(t) {
			for key, msg := range f.msgs {
				catalog = append(catalog, msg)
				if strings.HasPrefix(key, "col.") || strings.HasPrefix(key, "statement.") || key == "label.id" {
					titles[l.T(key)] = true
				}
			}
		}
		for name, render := range layoutDocs(t, lang) {
			t.Run(lang.String()+"-"+name, func(t *testing.T) {
				md, data := render()
				pages, err := pdftext.Read(data)
				if err != nil {
					t.Fatal(err)
				}
				for _, o := range orphans(pages, titles) {
					t.Errorf("orphan: %s", o)
				}
				for _, w := range brokenWords(pages, corpusOf(append(catalog, md)...)) {
					t.Errorf("word broken without a hyphen: %s", w)
				}
			})
		}
	}
}

// TestLayoutChecksBite shows the checks find what they look for: a page
// ending in a heading, and a word cut between letters.
func TestLayoutChecksBite(t *testing.T) {
	page := pdftext.Page{Height: 842, Items: []pdftext.Item{
		{X: 51, Y: 100, Size: sizeBody, Font: "utf8sans", Text: "Some text, eingehalt"},
		{X: 51, Y: 112, Size: sizeBody, Font: "utf8sans", Text: "en and more."},
		{X: 51, Y: 700, Size: sizeHeading, Font: "utf8sansB", Text: "3  Timeline"},
	}}
	pages := []pdftext.Page{{Height: 842}, page}
	if got := orphans(pages, nil); len(got) != 1 {
		t.Errorf("orphans = %q, want the heading on page 2", got)
	}
	corpus := corpusOf("Some text, eingehalten and more. 3 Timeline")
	if got := brokenWords(pages, corpus); len(got) != 1 || !strings.Contains(got[0], "eingehalt") {
		t.Errorf("brokenWords = %q, want \"eingehalt\"", got)
	}
	page.Items[0].Text, page.Items[1].Text = "Some text, ein-", "gehalten and more."
	if got := brokenWords([]pdftext.Page{page}, corpus); len(got) != 0 {
		t.Errorf("a hyphenated word reported: %q", got)
	}
}

// TestKeepWithNext moves section headings down the page row by row (a
// communications log of 0 to 40 rows ahead of the customer-updates
// section, a field list kept whole; and a summary of up to 40 short
// paragraphs ahead of a timeline whose first row is tall): wherever a
// heading falls, it never ends a page.
func TestKeepWithNext(t *testing.T) {
	base := syntheticDoc(4)
	l, _ := newLocale(language.English)
	titles := map[string]bool{}
	for _, k := range []string{"col.when", "col.event", "col.description", "col.source", "col.channel", "col.message"} {
		titles[l.T(k)] = true
	}
	n := 40
	if testing.Short() {
		n = 24
	}
	for k := 0; k <= n; k += 2 {
		inc := *base.Incident
		inc.Timeline = append([]rca.Event(nil), inc.Timeline...)
		inc.Timeline[0].Text = strings.Repeat("A long first event that fills its cell line after line. ", 14)
		inc.Summary = strings.TrimSpace(strings.Repeat("One short paragraph.\n\n", k))
		for i := range k {
			inc.Communications = append(inc.Communications, rca.Communication{At: base.Metrics.Start.Add(time.Duration(i) * time.Minute),
				Channel: rca.StatusPage, Text: "We are looking into it."})
		}
		d := New(&inc, base.Options)
		pages, err := pdftext.Read(renderBytes(t, d))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orphans(pages, titles) {
			t.Errorf("%d paragraphs and communications: %s", k, o)
		}
	}
}
