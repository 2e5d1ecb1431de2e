package statuspage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/source"
)

// fixtures is the folder of the Statuspage exports (see its README).
const fixtures = "../../testdata/statuspage"

func readFixture(t testing.TB, name string) source.File {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return source.File{Name: name, Data: data}
}

// importOne imports a fixture that must hold exactly one good incident.
func importOne(t *testing.T, name string, opts Opts) *rca.Incident {
	t.Helper()
	res, err := Import(opts, readFixture(t, name))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Incidents) != 1 {
		t.Fatalf("%d incidents, want 1", len(res.Incidents))
	}
	return res.Incidents[0]
}

func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func dur(t testing.TB, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// kinds returns the kinds of the timeline's events.
func kinds(inc *rca.Incident) []string {
	var out []string
	for _, ev := range inc.Timeline {
		s := ev.Kind.String()
		if ev.Approximate {
			s += "~"
		}
		out = append(out, s)
	}
	return out
}

// TestImpacts checks the impacts derived from the component statuses of
// the updates, under both choices of when an impact starts, to the
// millisecond. The expected spans are read off the fixtures' updates.
func TestImpacts(t *testing.T) {
	type imp struct {
		Component, Level, Start, End string
		Approximate                  bool
	}
	tests := []struct {
		name    string
		file    string
		start   ImpactStart
		impacts []imp
		kinds   []string
	}{
		{
			name: "from the incident's start", file: "partial-major-partial.json", start: FromIncidentStart,
			impacts: []imp{
				{"API", "partial_outage", "13:58:00.000", "14:20:45.125", false},
				{"Dashboard", "degraded_performance", "13:58:00.000", "15:10:00.750", false},
				{"API", "major_outage", "14:20:45.125", "15:10:00.750", false},
				{"API", "partial_outage", "15:10:00.750", "16:05:30.250", false},
			},
			// The investigating update changes nothing once its statuses
			// start the impacts: it is only a communication.
			kinds: []string{"started", "identified", "mitigated", "resolved"},
		},
		{
			name: "from the update", file: "partial-major-partial.json", start: FromUpdate,
			impacts: []imp{
				{"API", "partial_outage", "14:02:11.500", "14:20:45.125", false},
				{"Dashboard", "degraded_performance", "14:02:11.500", "15:10:00.750", false},
				{"API", "major_outage", "14:20:45.125", "15:10:00.750", false},
				{"API", "partial_outage", "15:10:00.750", "16:05:30.250", false},
			},
			kinds: []string{"started", "note", "identified", "mitigated", "resolved"},
		},
		{
			// Pull Requests shows partial_outage first at 14:07:19.480, with
			// old_status partial_outage: set before that update. API
			// Requests likewise at 14:22:38.945, and back to operational
			// at 14:49:55.612. The resolution gives no status: what is
			// still impacted ends there.
			name: "repeated statuses, from the incident's start", file: "github-repeated-states.json", start: FromIncidentStart,
			impacts: []imp{
				{"API Requests", "partial_outage", "13:59:02.709", "14:49:55.612", true},
				{"Pull Requests", "partial_outage", "13:59:02.709", "14:22:38.945", false},
				{"Pull Requests", "major_outage", "14:22:38.945", "14:58:12.300", false},
			},
			kinds: []string{"started", "identified", "note~", "resolved"},
		},
		{
			name: "repeated statuses, from the update", file: "github-repeated-states.json", start: FromUpdate,
			impacts: []imp{
				{"Pull Requests", "partial_outage", "14:07:19.480", "14:22:38.945", true},
				{"API Requests", "partial_outage", "14:22:38.945", "14:49:55.612", true},
				{"Pull Requests", "major_outage", "14:22:38.945", "14:58:12.300", false},
			},
			// A status shown without its transition changed before the
			// update: its note comes before the update's own event.
			kinds: []string{"started", "note~", "note~", "identified", "note~", "resolved"},
		},
		{
			name: "ongoing", file: "github-ongoing.json", start: FromIncidentStart,
			impacts: []imp{{"Git Operations", "degraded_performance", "10:09:31.365", "", false}},
			kinds:   []string{"started"},
		},
		{
			name: "ongoing, from the update", file: "github-ongoing.json", start: FromUpdate,
			impacts: []imp{{"Git Operations", "degraded_performance", "10:31:44.218", "", true}},
			kinds:   []string{"started", "note~"},
		},
	}
	clock := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("15:04:05.000")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := importOne(t, tt.file, Opts{ImpactStart: tt.start})
			var got []imp
			for _, i := range inc.EffectiveImpacts() {
				got = append(got, imp{i.Component, i.Level.String(), clock(i.Start), clock(i.End), i.Approximate})
			}
			if diff := cmp.Diff(tt.impacts, got); diff != "" {
				t.Errorf("impacts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.kinds, kinds(inc)); diff != "" {
				t.Errorf("timeline (-want +got):\n%s", diff)
			}
			if err := inc.Validate(); err != nil {
				t.Errorf("the imported incident is invalid: %v", err)
			}
		})
	}
}

// TestCommunicationsOnce checks that every update is one communication
// and nothing else the metrics count as a public update, so the longest
// silence is measured between the updates as published.
func TestCommunicationsOnce(t *testing.T) {
	inc := importOne(t, "github-repeated-states.json", Opts{})
	if n := len(inc.Communications); n != 6 {
		t.Errorf("%d communications, want one per update: 6", n)
	}
	for _, ev := range inc.Timeline {
		if ev.Kind == rca.PublicUpdate {
			t.Errorf("a public_update event at %v: updates are communications only", ev.At)
		}
	}
	// Updates at 13:59:02.751, 14:07:19.480, 14:22:38.945, 14:41:03.087,
	// 14:49:55.612 and 14:58:12.300 (the resolution): the longest gap is
	// 14:22:38.945 → 14:41:03.087.
	m := inc.Metrics(rca.MetricsOpts{})
	want := rca.Silence{From: at(t, "2024-06-18T14:22:38.945Z"), To: at(t, "2024-06-18T14:41:03.087Z"), D: dur(t, "18m24.142s")}
	if diff := cmp.Diff(want, m.LongestSilence, cmp.Comparer(time.Time.Equal)); diff != "" {
		t.Errorf("longest silence (-want +got):\n%s", diff)
	}
	// Outage: the union of the impacts, 13:59:02.709 → 14:58:12.300.
	if m.Outage != dur(t, "59m9.591s") {
		t.Errorf("outage = %v, want 59m9.591s", m.Outage)
	}
	if got := inc.Communications[2].Text; got != "We have identified the cause and are rolling back a configuration change." {
		t.Errorf("third communication = %q", got)
	}
	if inc.Communications[0].URL != "https://stspg.io/3mx8d0qz5ktw" || inc.Communications[0].Channel != rca.StatusPage {
		t.Errorf("communication = %+v", inc.Communications[0])
	}
}

func TestNoComponentStatus(t *testing.T) {
	note := `Derived from the incident's impact "minor": the Statuspage export gives no component status (none and minor are degraded_performance, major partial_outage, critical major_outage).`
	tests := []struct {
		name      string
		opts      Opts
		component string
	}{
		{"the page's name", Opts{}, "GitHub"},
		{"the component named", Opts{Component: "github.com"}, "github.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := importOne(t, "github-no-components.json", tt.opts)
			want := []rca.Impact{{Component: tt.component, Level: rca.DegradedPerformance,
				Start: at(t, "2024-03-11T15:52:18.865Z"), End: at(t, "2024-03-11T16:40:02.104Z"), Note: note}}
			if diff := cmp.Diff(want, inc.EffectiveImpacts(), cmp.Comparer(time.Time.Equal)); diff != "" {
				t.Errorf("impacts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{tt.component}, inc.Components); diff != "" {
				t.Errorf("components (-want +got):\n%s", diff)
			}
			if m := inc.Metrics(rca.MetricsOpts{}); m.Outage != dur(t, "47m43.239s") || len(inc.Communications) != 3 {
				t.Errorf("outage %v, %d communications; want 47m43.239s and 3", m.Outage, len(inc.Communications))
			}
		})
	}
}

// TestNoComponentNoPage checks that an incident with neither component
// statuses nor a page name to put its impact on is refused, with a
// located problem asking for the component.
func TestNoComponentNoPage(t *testing.T) {
	data := `{"incidents": [{"id": "a1", "name": "n", "status": "resolved", "impact": "major",
  "started_at": "2024-01-01T00:00:00Z", "resolved_at": "2024-01-01T01:00:00Z", "components": [], "incident_updates": []}]}`
	_, err := Import(Opts{}, source.File{Name: "x.json", Data: []byte(data)})
	want := []string{"x.json:1:16: incidents[0].components: none, no update gives a component status, and the export names no page: name the component the incident impacts (-component)"}
	if diff := cmp.Diff(want, problem.Strings(err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	res, err := Import(Opts{Component: "api"}, source.File{Name: "x.json", Data: []byte(data)})
	if err != nil || len(res.Incidents) != 1 {
		t.Fatalf("with a component: %v", err)
	}
	if imps := res.Incidents[0].EffectiveImpacts(); len(imps) != 1 || imps[0].Level != rca.PartialOutage {
		t.Errorf("impacts = %+v, want partial_outage (major)", imps)
	}
}

// TestNoDuration checks an incident posted after the fact, started and
// resolved at the same instant: its impact has no length, and it imports.
func TestNoDuration(t *testing.T) {
	data := `{"page": {"name": "GitHub"}, "incident": {"id": "a1", "name": "n", "status": "resolved", "impact": "minor",
  "started_at": "2019-01-02T16:32:49.277Z", "resolved_at": "2019-01-02T16:32:49.277Z", "components": [],
  "incident_updates": [{"status": "resolved", "body": "We observed elevated error rates.", "created_at": "2019-01-02T16:32:49.277Z", "affected_components": null}]}}`
	res, err := Import(Opts{}, source.File{Name: "x.json", Data: []byte(data)})
	if err != nil || len(res.Incidents) != 1 {
		t.Fatalf("%v", err)
	}
	inc := res.Incidents[0]
	if m := inc.Metrics(rca.MetricsOpts{}); m.Outage != 0 || m.Ongoing {
		t.Errorf("outage %v, ongoing %v; want 0, not ongoing", m.Outage, m.Ongoing)
	}
	if !strings.HasPrefix(inc.Timeline[0].Text, "Derived from the incident's impact") {
		t.Errorf("the started event does not say the impact is derived: %q", inc.Timeline[0].Text)
	}
}

func TestOngoing(t *testing.T) {
	inc := importOne(t, "github-ongoing.json", Opts{Zone: mustZone(t, "America/New_York")})
	if inc.Status != rca.Investigating || inc.Location().String() != "America/New_York" {
		t.Errorf("status %v, zone %v", inc.Status, inc.Location())
	}
	asOf := at(t, "2024-05-02T11:00:00Z")
	m := inc.Metrics(rca.MetricsOpts{AsOf: asOf})
	// 10:09:31.365 → 11:00:00.
	if !m.Ongoing || m.Outage != dur(t, "50m28.635s") || m.TimeToResolve.Known || !m.RCADue.IsZero() {
		t.Errorf("ongoing %v, outage %v, time to resolve %+v, RCA due %v", m.Ongoing, m.Outage, m.TimeToResolve, m.RCADue)
	}
	if got := inc.Timeline[0].At.Location().String(); got != "America/New_York" {
		t.Errorf("events in %s", got)
	}
}

func TestHTMLBodies(t *testing.T) {
	inc := importOne(t, "github-html.json", Opts{})
	want := []string{
		"- 2014-04-07 18:02:00 - We're investigating elevated error rates on git pushes & pulls.\n" +
			"- 2014-04-07 18:20:41 - A failed fileserver is being replaced.\nSome repositories are unavailable.",
		"Service is restored.\n\nWe will publish a post-mortem (https://github.blog/2014-04-08-post-mortem/) on our blog: https://github.blog/",
	}
	var got []string
	for _, c := range inc.Communications {
		got = append(got, c.Text)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("communications (-want +got):\n%s", diff)
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text is kept", "We are investigating.\n\nMore soon.  ", "We are investigating.\n\nMore soon."},
		{"line breaks", "One<br />Two<br><br>Three", "One\nTwo\n\nThree"},
		{"paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"list", "<ul><li>a</li><li><strong>b</strong> c</li></ul>", "- a\n- b c"},
		{"link", `See <a href="https://x.example/pm">the post-mortem</a>.`, "See the post-mortem (https://x.example/pm)."},
		{"link to itself", `<a href="https://x.example">https://x.example</a>`, "https://x.example"},
		{"empty link", `<a href="https://x.example"></a>`, "https://x.example"},
		{"link without href", `<a name="x">here</a>`, "here"},
		{"entities", "AT&amp;T &lt;3 &#8217; &nbsp;x &bogus;", "AT&T <3 ’ \u00a0x &bogus;"},
		{"ampersand alone", "Q&A", "Q&A"},
		{"no tag: plain text", "a < b and c<d &amp; e", "a < b and c<d & e"},
		{"a tag makes it HTML", "a<br>c<d", "a\nc"},
		{"script dropped", "a<script>alert(1)</script>b<style>p{}</style>c", "abc"},
		{"blank lines collapse", "a<br><br><br><br>b", "a\n\nb"},
		{"CRLF", "a\r\nb", "a\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainText(tt.in); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestPages checks that pages of the API make one run and that an
// incident on two pages is imported once, from the copy updated last,
// whatever the order of the files.
func TestPages(t *testing.T) {
	p1, p2 := readFixture(t, "page-1.json"), readFixture(t, "page-2.json")
	tests := []struct {
		name  string
		files []source.File
		ids   []string
	}{
		{"newest page first", []source.File{p1, p2}, []string{"g2k8w0q4z6ma", "n5t1x7c3v9pe", "s8d4f0j6l2hb"}},
		{"oldest page first", []source.File{p2, p1}, []string{"n5t1x7c3v9pe", "s8d4f0j6l2hb", "g2k8w0q4z6ma"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Import(Opts{}, tt.files...)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, inc := range res.Incidents {
				ids = append(ids, inc.ID)
				if inc.ID == "n5t1x7c3v9pe" && (inc.Status != rca.Postmortem || len(inc.Communications) != 3) {
					t.Errorf("kept the copy with status %v and %d updates, want the later one: postmortem, 3", inc.Status, len(inc.Communications))
				}
			}
			if diff := cmp.Diff(tt.ids, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if res.Duplicates != 1 {
				t.Errorf("%d duplicates, want 1", res.Duplicates)
			}
		})
	}
}

func TestMalformed(t *testing.T) {
	res, err := Import(Opts{}, readFixture(t, "malformed.json"))
	var verr *rca.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error %T, want *rca.ValidationError: %v", err, err)
	}
	golden.Check(t, filepath.Join(fixtures, "malformed.golden"), []byte(err.Error()+"\n"))
	// The good incident among the bad ones is still imported.
	if len(res.Incidents) != 1 || res.Incidents[0].ID != "ok1" {
		t.Errorf("imported %d incidents, want only ok1", len(res.Incidents))
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string
	}{
		{name: "empty", data: "", want: []string{"x.json:1:1: invalid JSON: unexpected end of the input"}},
		{name: "not an object", data: "7", want: []string{`x.json:1:1: the top level must be a Statuspage export: an object with "incidents" or "incident", or a list of incidents`}},
		{name: "no incidents", data: `{"page": {}}`, want: []string{`x.json:1:1: incidents: missing: want a Statuspage export (the JSON of /api/v2/incidents.json: {"incidents": [...]}, one "incident", or a list of incidents)`}},
		{name: "incidents not a list", data: "{\n  \"incidents\": {}\n}", want: []string{"x.json:2:16: incidents: want a list, not an object"}},
		{name: "syntax error", data: "{\"incidents\": [\n  {\"id\": 1,}\n]}", want: []string{
			"x.json:2:10: incidents[0].id: want a string, not a number",
			"x.json:2:12: invalid JSON: invalid character '}' looking for beginning of object key string"}},
		{name: "trailing data", data: `{"incidents": []} {}`, want: []string{"x.json:1:19: invalid JSON: data after the top-level value"}},
		{name: "wrong type", data: "{\"incidents\": [\n  {\"id\": 1}\n]}", want: []string{"x.json:2:10: incidents[0].id: want a string, not a number"}},
		{name: "empty list", data: `{"incidents": []}`},
		{name: "bare list", data: `[{"id": "a", "name": "n", "status": "resolved", "impact": "minor", "components": [{"id": "c1", "name": "API"}],
			"started_at": "2024-01-01T00:00:00-06:00", "resolved_at": "2024-01-01T01:00:00-06:00", "incident_updates": []}]`},
		{name: "bare incident", data: `{"id": "a", "name": "n", "status": "resolved", "impact": "minor", "components": [{"id": "c1", "name": "API"}],
			"started_at": "2024-01-01T00:00:00Z", "resolved_at": "2024-01-01T01:00:00Z"}`},
		{name: "no start", data: `{"page": {"name": "P"}, "incidents": [{"id": "a", "name": "n", "status": "investigating", "impact": "minor"}]}`,
			want: []string{"x.json:1:39: incidents[0].started_at: missing, and so are created_at and the updates' times: the incident has no start"}},
		{name: "unknown impact without statuses", data: `{"page": {"name": "P"}, "incidents": [{"id": "a", "name": "n", "status": "resolved", "impact": "huge",
			"started_at": "2024-01-01T00:00:00Z", "resolved_at": "2024-01-01T01:00:00Z"}]}`,
			want: []string{`x.json:1:96: incidents[0].impact: "huge" is not a Statuspage impact (none, minor, major, critical), and no update gives a component status: the incident has no impact to import`}},
		{
			name: "resolved incident with no update closes its impacts",
			data: `{"incidents": [{"id": "a", "name": "n", "status": "resolved",
				"started_at": "2024-01-01T00:00:00Z", "resolved_at": "2024-01-01T01:00:00Z",
				"incident_updates": [{"status": "investigating", "created_at": "2024-01-01T00:10:00Z",
					"affected_components": [{"name": "API", "new_status": "major_outage"}]}]}]}`,
		},
		{
			name: "resolved without a resolution instant",
			data: `{"incidents": [{"id": "a", "name": "n", "status": "resolved", "started_at": "2024-01-01T00:00:00Z",
				"incident_updates": [{"status": "investigating", "body": "x", "created_at": "2024-01-01T00:10:00Z",
					"affected_components": [{"name": "API", "new_status": "major_outage"}]}]}]}`,
			want: []string{`x.json:1:16: incidents[0]: the imported incident is invalid: timeline[0].changes[0]: "API" never returns to operational although the incident is resolved`},
		},
		{
			name: "bad component statuses",
			data: `{"incidents": [{"id": "a", "name": "n", "status": "resolved", "started_at": "2024-01-01T00:00:00Z",
				"incident_updates": [{"status": "investigating", "created_at": "2024-01-01T00:10:00Z",
					"affected_components": [{"name": "API", "old_status": "fine", "new_status": "Major_Outage"}, {"new_status": "major_outage"}]}]}]}`,
			want: []string{
				`x.json:3:60: incidents[0].incident_updates[0].affected_components[0].old_status: unknown component status "fine"`,
				`x.json:3:82: incidents[0].incident_updates[0].affected_components[0].new_status: unknown component status "Major_Outage"`,
				`x.json:3:99: incidents[0].incident_updates[0].affected_components[1].name: missing`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import(Opts{}, source.File{Name: "x.json", Data: []byte(tt.data)})
			if diff := cmp.Diff(tt.want, problem.Strings(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// exportOf returns an export of one incident with n updates, each
// showing the statuses of three components (a real export's repetition),
// the statuses changing every tenth update.
func exportOf(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"page": {"name": "P"}, "incidents": [{"id": "big", "name": "Many updates", "status": "resolved", "impact": "major",` +
		`"started_at": "2024-01-01T00:00:00Z", "resolved_at": "2030-01-01T00:00:00Z", "incident_updates": [`)
	levels := []string{"degraded_performance", "partial_outage", "major_outage"}
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		lv := levels[(i/10)%3]
		fmt.Fprintf(&b, `{"id": "u%d", "status": "investigating", "body": "Update <b>%d</b> &amp; more.", "created_at": "%s", "affected_components": [`,
			i, i, time.Date(2024, 1, 1, 0, 0, i+1, 0, time.UTC).Format(time.RFC3339))
		for c := range 3 {
			if c > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"code": "c%d", "name": "Component %d", "old_status": "%s", "new_status": "%s"}`, c, c, lv, lv)
		}
		b.WriteString("]}")
	}
	b.WriteString("]}]}")
	return []byte(b.String())
}

// TestImportLinear guards against quadratic work: importing four times
// as many updates allocates at most about four times as much (an import
// that scanned the export once per update, as the first one did, would
// show sixteen). Allocations count the work without timing it.
func TestImportLinear(t *testing.T) {
	const n = 300 // and 1,200: enough to see 4× from 16×, quick under -race
	allocs := func(n int) float64 {
		data := exportOf(n)
		return testing.AllocsPerRun(2, func() {
			res, err := Import(Opts{}, source.File{Name: "x.json", Data: data})
			if err != nil || len(res.Incidents) != 1 {
				t.Fatalf("%v", err)
			}
		})
	}
	small, large := allocs(n), allocs(4*n)
	t.Logf("%d updates: %.0f allocations; %d: %.0f (%.3f×)", n, small, 4*n, large, large/small)
	if ratio := large / small; ratio > 4.4 {
		t.Errorf("4× the updates: %.0f allocations against %.0f (%.2f×), want at most 4.4×", large, small, ratio)
	}
}

// BenchmarkImport imports exports of 1,000 and 10,000 updates: the time
// per update stays flat.
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data := exportOf(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Import(Opts{}, source.File{Name: "x.json", Data: data}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func FuzzImport(f *testing.F) {
	golden.AddFiles(f, filepath.Join(fixtures, "*.json"))
	f.Add("x.json", []byte(`{"incidents": [{"id": "a", "name": "n", "status": "resolved", "started_at": "2024-01-01T00:00:00Z", "resolved_at": "2024-01-01T01:00:00Z", "incident_updates": []}]}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		for _, start := range []ImpactStart{FromIncidentStart, FromUpdate} {
			res, err := Import(Opts{ImpactStart: start, Component: "c"}, source.File{Name: "f.json", Data: data})
			for _, inc := range res.Incidents {
				if verr := inc.Validate(); verr != nil {
					t.Fatalf("imported an invalid incident: %v", verr)
				}
				inc.Metrics(rca.MetricsOpts{})
			}
			if err == nil {
				continue
			}
			var verr *rca.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("error is %T, not *rca.ValidationError: %v", err, err)
			}
			if ps := fileformat.Unlocated(err, "f.json"); ps != nil {
				t.Fatalf("problems not located by file, line and field: %+v", ps)
			}
		}
	})
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
