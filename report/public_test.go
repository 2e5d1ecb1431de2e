package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/outagekit/postmortem/rca"
)

// publicRules reads the README's table of what the public edition shows:
// field path (indexes written "[]") → "always", "never" or the publish
// switch ("sources", "authors", "readiness").
func publicRules(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, "<!-- public-fields")
	j := strings.Index(s, "<!-- end public-fields -->")
	if i < 0 || j < i {
		t.Fatal("README.md has no public-fields table")
	}
	rules := map[string]string{}
	field := regexp.MustCompile("`([a-z_\\[\\].]+)`")
	for _, line := range strings.Split(s[i:j], "\n") {
		cols := strings.Split(line, "|")
		if len(cols) < 4 || strings.HasPrefix(strings.TrimSpace(cols[1]), "field") || strings.HasPrefix(cols[1], "---") {
			continue
		}
		cond := strings.TrimSpace(cols[2])
		switch {
		case cond == "always", cond == "never":
		case strings.Contains(cond, "sources: true"):
			cond = "sources"
		case strings.Contains(cond, "authors: true"):
			cond = "authors"
		case strings.Contains(cond, "readiness: true"):
			cond = "readiness"
		default:
			t.Fatalf("README public-fields: unknown condition %q", cond)
		}
		for _, m := range field.FindAllStringSubmatch(cols[1], -1) {
			if m[1] == "internal" {
				continue
			}
			rules[m[1]] = cond
		}
	}
	return rules
}

// marked is an incident whose every string field holds a unique marker,
// with the marker of each field path ("timeline[3].source").
type marked struct {
	inc     *rca.Incident
	markers map[string]string // path → marker
}

// markStrings replaces every string in inc (a copy made by loading the
// fixture again) with a marker made of letters only, so that escaping and
// line breaking leave it whole in a letters-only view of the output.
func markStrings(inc *rca.Incident) marked {
	m := marked{inc: inc, markers: map[string]string{}}
	n := 0
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.String:
			n++
			marker := fmt.Sprintf("qz%sqz", strings.Map(func(r rune) rune { return 'a' + r - '0' }, fmt.Sprint(n)))
			v.SetString(marker)
			m.markers[path] = marker
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		case reflect.Struct:
			t := v.Type()
			for i := range t.NumField() {
				name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
				if name == "" || name == "-" || !t.Field(i).IsExported() {
					continue
				}
				p := name
				if path != "" {
					p = path + "." + name
				}
				walk(v.Field(i), p)
			}
		}
	}
	walk(reflect.ValueOf(inc).Elem(), "")
	return m
}

// letters is s lowercased with everything but letters and digits removed:
// what survives escaping, line breaking and hyphenation of s.
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// renderPublic renders d's public edition in both formats and returns
// the Markdown and the PDF's text.
func renderPublic(t *testing.T, d *Document) (md, pdf string) {
	t.Helper()
	d.Options.Public = true
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.String(), strings.Join(pdfPages(t, renderBytes(t, d)), "\n")
}

// lettersOf is renderPublic's outputs as letters only, by format.
func lettersOf(md, pdf string) map[string]string {
	return map[string]string{"md": letters(md), "pdf": letters(pdf)}
}

// indexless writes a path's indexes as "[]": "timeline[3].source" →
// "timeline[].source".
var indexRE = regexp.MustCompile(`\[\d+\]`)

// TestPublicFields fills every text field of the fixtures with a marker
// and renders the public edition, with no publish switch and with all of
// them: a marker reaches the output exactly when the README's table says
// its field is public. Internal events are every third event.
func TestPublicFields(t *testing.T) {
	rules := publicRules(t)
	for _, fixture := range []string{seedIncident, richIncident, "../testdata/incidents/internal-milestones.yaml"} {
		for _, publish := range []rca.Publish{{}, {Sources: true, Authors: true, Readiness: true}} {
			name := fmt.Sprintf("%s-%+v", filepath.Base(fixture), publish)
			t.Run(name, func(t *testing.T) {
				inc, err := rca.LoadFile(fixture)
				if err != nil {
					t.Fatal(err)
				}
				// Impacts written directly, so that leaving out an internal
				// event's changes cannot change them, and each has a note.
				inc.Impacts = inc.EffectiveImpacts()
				for i := range inc.Impacts {
					inc.Impacts[i].Note = "note"
				}
				for i := range inc.Timeline {
					inc.Timeline[i].Internal = i%3 == 1
				}
				if inc.Analysis.Detection.By == "" {
					inc.Analysis.Detection = rca.Detection{Method: rca.ByMonitoring, By: "by", Note: "note"}
				}
				for i := range inc.ActionItems {
					inc.ActionItems[i].Priority, inc.ActionItems[i].Link = "P1", "https://example.com/x"
				}
				inc.Notes = append(inc.Notes, "note")
				inc.Publish = publish
				mk := markStrings(inc)
				// Components stay names the impacts and changes agree on.
				out := lettersOf(renderPublic(t, New(mk.inc, Options{AsOf: mk.inc.Metrics(rca.MetricsOpts{}).AsOf})))
				for path, marker := range mk.markers {
					generic := indexRE.ReplaceAllString(path, "[]")
					rule, ok := rules[generic]
					if !ok {
						t.Errorf("%s: the README's public-fields table does not list %s", path, generic)
						continue
					}
					want := rule == "always" ||
						rule == "sources" && publish.Sources ||
						rule == "authors" && publish.Authors ||
						rule == "readiness" && publish.Readiness
					if strings.HasPrefix(path, "timeline[") {
						var i int
						fmt.Sscanf(path, "timeline[%d]", &i)
						if mk.inc.Timeline[i].Internal {
							want = false
						}
					}
					if path == "readiness.plan" && want && publicView(mk.inc).Readiness.IsZero() {
						want = false
					}
					for format, text := range out {
						if got := strings.Contains(text, marker); got != want {
							t.Errorf("%s: %s in the public %s edition: %v; the README says %q", path, marker, format, got, rule)
						}
					}
				}
			})
		}
	}
}

// TestPublicEditionLeaks renders the public edition of every fixture in
// testdata/incidents, in every language and both formats, and fails if
// anything the public view leaves out appears: internal events' text,
// notes, owners, sources, authors, detection details, the recovery plan,
// or a milestone only internal events record (in the chart's legend, the
// Mermaid gantt or a response time).
func TestPublicEditionLeaks(t *testing.T) {
	files, err := filepath.Glob("../testdata/incidents/*")
	if err != nil || len(files) < 3 {
		t.Fatalf("fixtures: %v, %d files", err, len(files))
	}
	for _, file := range files {
		inc, err := rca.LoadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range Languages() {
			t.Run(filepath.Base(file)+"-"+lang.String(), func(t *testing.T) {
				l, err := newLocale(lang)
				if err != nil {
					t.Fatal(err)
				}
				d := New(inc, Options{Lang: lang, AsOf: inc.Metrics(rca.MetricsOpts{}).AsOf})
				md, pdf := renderPublic(t, d)
				out := lettersOf(md, pdf)
				// What may appear anyway: the public view's text and the
				// catalog's words ("monitoring" is also a detection method).
				var said strings.Builder
				view := publicView(inc)
				for _, s := range stringsOf(view) {
					said.WriteString(letters(s) + "|")
				}
				for _, f := range mustCatalogs(t) {
					for _, msg := range f.msgs {
						said.WriteString(letters(msg) + "|")
					}
				}
				var hidden []string
				for _, e := range inc.Timeline {
					if e.Internal {
						hidden = append(hidden, e.Text, e.Source)
					} else if !inc.Publish.Sources {
						hidden = append(hidden, e.Source)
					}
				}
				hidden = append(hidden, inc.Notes...)
				hidden = append(hidden, inc.Analysis.Detection.Note, inc.Readiness.Notes)
				if !inc.Publish.Sources {
					hidden = append(hidden, inc.Analysis.Detection.By)
				}
				if !inc.Publish.Authors {
					hidden = append(hidden, inc.Authors...)
				}
				if !inc.Publish.Readiness {
					hidden = append(hidden, inc.Readiness.Plan, l.T("section.readiness"))
				}
				for _, a := range inc.ActionItems {
					hidden = append(hidden, a.Owner, a.Priority, a.Link)
				}
				for _, imp := range inc.EffectiveImpacts() {
					hidden = append(hidden, imp.Note)
				}
				for _, h := range hidden {
					lh := letters(h)
					if len(lh) < 4 || strings.Contains(said.String(), lh) {
						continue // said publicly too, or too short to tell
					}
					for format, text := range out {
						if strings.Contains(text, lh) {
							t.Errorf("public %s edition shows %q", format, h)
						}
					}
				}
				// Milestones only internal events record.
				public := map[rca.EventKind]bool{}
				for _, e := range view.Timeline {
					public[e.Kind] = true
				}
				for _, e := range inc.Timeline {
					if !e.Internal || !e.Kind.IsMilestone() || public[e.Kind] {
						continue
					}
					label := l.T("event." + e.Kind.String())
					if strings.Contains(md, mermaidText(label)+" :milestone") {
						t.Errorf("Mermaid gantt marks the internal milestone %q", label)
					}
					if strings.Contains(pdf, label+" — ") {
						t.Errorf("PDF chart legend names the internal milestone %q", label)
					}
					if e.Kind == rca.Detected && !strings.Contains(md, "**"+l.T("pattern.field", l.T("label.ttd"))+"** "+l.T("label.unknown")) {
						t.Errorf("time to detect is shown though only an internal event records detection")
					}
				}
			})
		}
	}
}

// stringsOf lists every string in v's fields, recursively.
func stringsOf(v any) []string {
	var out []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			out = append(out, v.String())
		case reflect.Pointer:
			if !v.IsNil() && v.Elem().Kind() == reflect.Struct {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(v))
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

func mustCatalogs(t *testing.T) []catalogFile {
	t.Helper()
	files, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	return files
}
