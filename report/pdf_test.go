package report

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/internal/pdftext"
	"github.com/outagekit/postmortem/rca"
)

func TestMain(m *testing.M) {
	api.DisableConfigDir() // pdfcpu must not write a configuration directory
	os.Exit(m.Run())
}

func renderBytes(t testing.TB, d *Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err != nil {
		t.Fatalf("WritePDF: %v", err)
	}
	return buf.Bytes()
}

// validatePDF validates data with pdfcpu in strict mode and returns its
// page count.
//
// One deviation is let through, to relaxed validation: gofpdf writes link
// annotations (action-item links, communication URLs) as dictionaries
// directly in a page's /Annots array, where ISO 32000 asks for indirect
// references. Every viewer reads them; pdfcpu's strict mode does not.
func validatePDF(t testing.TB, data []byte) int {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(data), conf); err != nil {
		if !strings.Contains(err.Error(), "page annotation array: expected indirect references") {
			t.Fatalf("pdfcpu validation: %v", err)
		}
		conf.ValidationMode = model.ValidationRelaxed
		if err := api.Validate(bytes.NewReader(data), conf); err != nil {
			t.Fatalf("pdfcpu validation (relaxed, for link annotations): %v", err)
		}
	}
	n, err := api.PageCount(bytes.NewReader(data), conf)
	if err != nil {
		t.Fatalf("pdfcpu page count: %v", err)
	}
	return n
}

// pdfPages extracts the text layer of data, one string per page, in pure
// Go (internal/pdftext): no test depends on a tool being installed.
func pdfPages(t testing.TB, data []byte) []string {
	t.Helper()
	pages, err := pdftext.Read(data)
	if err != nil {
		t.Fatalf("reading the PDF's text: %v", err)
	}
	out := make([]string, len(pages))
	for i, p := range pages {
		out[i] = p.Text()
	}
	return out
}

var pageOf = regexp.MustCompile(`page (\d+) of (\d+)`)

// TestPDFSeed renders the seed report in every language and page size and
// checks that pdfcpu validates it, that every page's footer numbers it
// right against the page count, and (in English) that the text layer holds
// the key figures.
func TestPDFSeed(t *testing.T) {
	for _, lang := range Languages() {
		for _, size := range []PageSize{A4, Letter} {
			t.Run(fmt.Sprintf("%s-%d", lang, size), func(t *testing.T) {
				d := seedDoc(t, lang, true)
				d.Options.PageSize = size
				data := renderBytes(t, d)
				pages := validatePDF(t, data)
				if pages < 3 {
					t.Errorf("%d pages; want a title page and at least two more", pages)
				}
				text := pdfPages(t, data)
				if len(text) != pages {
					t.Fatalf("the text layer has %d pages, pdfcpu %d", len(text), pages)
				}
				if lang != language.English {
					return
				}
				for i, page := range text {
					m := pageOf.FindStringSubmatch(page)
					if m == nil || m[1] != strconv.Itoa(i+1) || m[2] != strconv.Itoa(pages) {
						t.Errorf("page %d: footer %q, want \"page %d of %d\"", i+1, m, i+1, pages)
					}
				}
				all := strings.Join(text, "\n")
				for _, want := range []string{
					"Constant Contact outage after a power",
					"14h28m", "97.99", "0.30",
					"Impact began", "Timeline chart", "Action items",
				} {
					if !strings.Contains(all, want) {
						t.Errorf("text layer lacks %q", want)
					}
				}
				if strings.Contains(all, "Internal notes") {
					t.Error("public edition shows the internal notes")
				}
			})
		}
	}
}

// TestPDFDeterministic renders the same documents twice and compares the
// bytes.
func TestPDFDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  func(testing.TB) *Document
	}{
		{"seed", func(t testing.TB) *Document { return seedDoc(t, language.English, false) }},
		{"rich-fr", func(t testing.TB) *Document { return richDoc(t, language.French, false) }},
		{"synthetic", func(testing.TB) *Document { return syntheticDoc(200) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := renderBytes(t, tc.doc(t)), renderBytes(t, tc.doc(t))
			if !bytes.Equal(a, b) {
				t.Fatalf("two renders differ (%d and %d bytes)", len(a), len(b))
			}
			if !bytes.Contains(a, []byte("/CreationDate")) {
				t.Error("no creation date in the metadata")
			}
		})
	}
}

// TestPDFParallel renders different documents from several goroutines at
// once (run it with -race) and checks each output equals a render done
// alone.
func TestPDFParallel(t *testing.T) {
	docs := []func(testing.TB) *Document{
		func(t testing.TB) *Document { return seedDoc(t, language.English, false) },
		func(t testing.TB) *Document { return seedDoc(t, language.German, true) },
		func(t testing.TB) *Document { return richDoc(t, language.French, false) },
		func(t testing.TB) *Document { return richDoc(t, language.English, true) },
		func(testing.TB) *Document { return syntheticDoc(150) },
	}
	want := make([][]byte, len(docs))
	for i, d := range docs {
		want[i] = renderBytes(t, d(t))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(docs))
	for round := range 2 {
		for i, d := range docs {
			doc := d(t)
			wg.Go(func() {
				var buf bytes.Buffer
				if err := WritePDF(&buf, doc); err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(buf.Bytes(), want[i]) {
					errs <- fmt.Errorf("round %d, document %d: concurrent render differs from the one done alone", round, i)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestPDFLongTimeline renders a timeline of 10,000 events: many pages, and
// every page that holds timeline rows starts with the table's header.
func TestPDFLongTimeline(t *testing.T) {
	if testing.Short() {
		t.Skip("long timeline: skipped with -short")
	}
	const n = 10000
	data := renderBytes(t, syntheticDoc(n))
	pages := validatePDF(t, data)
	if pages < 200 {
		t.Fatalf("%d events on %d pages; want many pages", n, pages)
	}
	text := pdfPages(t, data)
	if len(text) != pages {
		t.Fatalf("the text layer has %d pages, pdfcpu %d", len(text), pages)
	}
	rowPages, seen := 0, map[int]bool{}
	event := regexp.MustCompile(`Event (\d+):`)
	for i, page := range text {
		ms := event.FindAllStringSubmatch(page, -1)
		if len(ms) == 0 {
			continue
		}
		rowPages++
		if !strings.Contains(page, "What happened") {
			t.Errorf("page %d has timeline rows but no header", i+1)
		}
		for _, m := range ms {
			k, _ := strconv.Atoi(m[1])
			seen[k] = true
		}
	}
	if rowPages < 100 {
		t.Errorf("timeline rows on %d pages; want the table to span many", rowPages)
	}
	// Public events (six in seven) are all there; internal ones too, as the
	// document is internal.
	for k := range n {
		if !seen[k] {
			t.Fatalf("event %d missing from the text layer", k)
		}
	}
}

// TestPDFTallRow checks that a cell taller than a page is split across
// pages instead of running off the bottom.
func TestPDFTallRow(t *testing.T) {
	d := syntheticDoc(3)
	d.Incident.Timeline[1].Text = strings.Repeat("A very long note that goes on and on. ", 900)
	data := renderBytes(t, d)
	pages := validatePDF(t, data)
	if pages < 4 {
		t.Errorf("%d pages; want the tall row split over several", pages)
	}
}

func TestPDFErrors(t *testing.T) {
	if err := WritePDF(&bytes.Buffer{}, nil); !errors.Is(err, ErrNoIncident) {
		t.Errorf("nil document: %v, want ErrNoIncident", err)
	}
	if err := WritePDF(&bytes.Buffer{}, &Document{}); !errors.Is(err, ErrNoIncident) {
		t.Errorf("no incident: %v, want ErrNoIncident", err)
	}
	d := syntheticDoc(2)
	d.Options.PageSize = 7
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err == nil || buf.Len() != 0 {
		t.Errorf("page size 7: err %v, %d bytes written; want an error and nothing written", err, buf.Len())
	}
	werr := errors.New("disk full")
	if err := WritePDF(failWriter{werr}, syntheticDoc(2)); !errors.Is(err, werr) {
		t.Errorf("failing writer: %v, want %v", err, werr)
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

// TestPDFUnicode renders text in many scripts, emoji and control
// characters: the output validates and the ASCII parts survive.
func TestPDFUnicode(t *testing.T) {
	d := syntheticDoc(5)
	d.Incident.Title = "Ünïcödé ∑ — Crédit 🎉 障害 ok"
	d.Incident.Summary = "Ελληνικά, кириллица, עברית, العربية, 한국어, emoji 👩‍👩‍👧 e\u0301 \x00\x1b[31m tab\there"
	d.Incident.Timeline[0].Text = "\xff\xfe invalid UTF-8 and a very long word: " + strings.Repeat("x", 500)
	d.Incident.Notes = []string{"note with \r\n CRLF", "🙂🙂🙂"}
	data := renderBytes(t, d)
	validatePDF(t, data)
	all := strings.Join(pdfPages(t, data), "\n")
	for _, want := range []string{"ok", "emoji", "invalid UTF-8", "CRLF"} {
		if !strings.Contains(all, want) {
			t.Errorf("text layer lacks %q", want)
		}
	}
}

// FuzzPDF feeds arbitrary titles and notes to the PDF renderer: it must
// neither panic nor fail, and its output must validate.
func FuzzPDF(f *testing.F) {
	f.Add("Outage", "note")
	f.Add("🎉🎉🎉", "障害が発生しました")
	f.Add("\xff\xfe\x00", "\u202e\u200d\ufe0f")
	f.Add(strings.Repeat("W", 400), strings.Repeat("long note ", 200))
	f.Add("e\u0301\u0301\u0301", "\t\r\n\v\f")
	f.Add("a/b?c=d&e", "https://status.example.com/incidents/1")
	base := syntheticDoc(4)
	f.Fuzz(func(t *testing.T, title, note string) {
		inc := *base.Incident
		inc.Title = title
		inc.Summary = note
		inc.Notes = []string{note, title}
		inc.Timeline = append([]rca.Event(nil), base.Incident.Timeline...)
		inc.Timeline[0].Text = note
		inc.Components = append([]string{title}, inc.Components...)
		inc.Impacts = append([]rca.Impact{{Component: title, Level: rca.MajorOutage,
			Start: base.Metrics.Start, End: base.Metrics.Start.Add(time.Hour)}}, base.Incident.Impacts...)
		// Links: a fuzzed one, and one that is a URL whatever it holds.
		inc.ActionItems = append(slices.Clone(base.Incident.ActionItems),
			rca.ActionItem{Title: title, Type: rca.Process, Due: rca.Date{Year: 2025, Month: 4, Day: 1}, Link: note},
			rca.ActionItem{Title: note, Type: rca.Prevent, Due: rca.Date{Year: 2025, Month: 4, Day: 2}, Link: "https://example.com/" + title})
		d := *base
		d.Incident = &inc
		var buf bytes.Buffer
		if err := WritePDF(&buf, &d); err != nil {
			t.Fatalf("WritePDF: %v", err)
		}
		validatePDF(t, buf.Bytes())
	})
}

// TestPDFManyComponents draws a chart with more component rows than fit a
// page: the rows continue on the next page and every name is drawn.
func TestPDFManyComponents(t *testing.T) {
	d := syntheticDoc(5)
	start := d.Metrics.Start
	inc := *d.Incident
	inc.Impacts = nil
	for i := range 70 {
		s := start.Add(time.Duration(i) * 10 * time.Minute)
		inc.Impacts = append(inc.Impacts, rca.Impact{Component: fmt.Sprintf("component-%02d", i),
			Level: rca.Level(1 + i%4), Start: s, End: s.Add(2 * time.Hour)})
	}
	d = New(&inc, d.Options)
	data := renderBytes(t, d)
	validatePDF(t, data)
	pages := pdfPages(t, data)
	chartPages := 0
	for _, p := range pages {
		if strings.Contains(p, "component-") && strings.Contains(p, "Times in") {
			chartPages++
		}
	}
	all := strings.Join(pages, "\n")
	for i := range 70 {
		if !strings.Contains(all, fmt.Sprintf("component-%02d", i)) {
			t.Errorf("component-%02d missing", i)
		}
	}
	if chartPages == 0 {
		t.Error("no page with the chart's axis caption")
	}
}

// TestPDFLongTexts renders texts far longer than a page: a 256 KiB title
// is shortened to five lines on the title page and to one in the running
// header, so it adds no pages, and a 128 KiB word in a table cell (an
// action item's link) is split over as many pages as it needs. Both used
// to cost time in proportion to the square of their length (this title
// took a quarter of an hour, one of 1 MB hours).
func TestPDFLongTexts(t *testing.T) {
	base := syntheticDoc(4)
	short := validatePDF(t, renderBytes(t, base))

	inc := *base.Incident
	inc.Title = "Title " + strings.Repeat("x", 256<<10)
	d := *base
	d.Incident = &inc
	data := renderBytes(t, &d)
	if pages := validatePDF(t, data); pages != short {
		t.Errorf("a 256 KiB title gives %d pages, a short one %d", pages, short)
	}
	if text := pdfPages(t, data); len(text) > 1 && !strings.Contains(text[1], "Title xxx") {
		t.Errorf("page 2 does not show the shortened title in its header:\n%s", text[1])
	}

	inc = *base.Incident
	link := "https://example.com/" + strings.Repeat("a", 128<<10)
	inc.ActionItems = append(slices.Clone(inc.ActionItems), rca.ActionItem{Title: "Long link", Type: rca.Process,
		Due: rca.Date{Year: 2025, Month: 4, Day: 1}, Link: link, Owner: strings.Repeat("owner ", 10000)})
	d = *base
	d.Incident = &inc
	if pages := validatePDF(t, renderBytes(t, &d)); pages <= short {
		t.Errorf("a 128 KiB link gives %d pages, no more than without it (%d)", pages, short)
	}
}
