package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/fileformat"
	goldenfile "github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/source"
	"github.com/outagekit/postmortem/source/prometheus"
)

// badInputs is the bad-input corpus, relative to this package. Every case
// is one file in a folder named after what it holds, and its golden file
// beside it ("case.yaml" + "case.golden") holds the command line run on
// it, the exit status and what the command printed. See its README.
const badInputs = "../../testdata/bad"

// The inputs a subscriptions case is credited against, from testdata/bad.
var badCreditInputs = []string{
	"-policy", "../policies/seed-monthly-new-york.yaml",
	"-plans", "../plans/demo-plans.yaml",
	"-incident", "../incidents/seed-constant-contact-2014.yaml",
}

// TestBadInputs runs every case of the bad-input corpus through the
// command line in-process, from testdata/bad so that messages name the
// files as the corpus does, and checks for each that nothing panics
// (exit status 3), that the output is the golden one (-update rewrites
// it), and that every problem names its file, line and field:
//
//   - incidents/, policies/, plans/: `postmortem validate -kind KIND FILE`;
//     the problems of the loader are checked one by one.
//   - subscriptions/: a `credits` batch of the CSV against the seed's
//     policy, plans and incident: the good rows still get their lines, every
//     bad row is reported with its line (and its column, unless the row as a
//     whole is wrong), and the summary's counts add up (read = credited +
//     zero + rejected) and agree with the lines file and the input. A run that
//     fails as a whole (no header) leaves no output file.
//   - commands/: the arguments in the file, for cases that need several
//     files (the same incident given twice).
//
// It also generates the cases that must not be committed: a 50 MB title.
func TestBadInputs(t *testing.T) {
	t.Chdir(badInputs)
	kinds := []struct {
		dir string
		run func(t *testing.T, path string)
	}{
		{"incidents", func(t *testing.T, path string) { badFile(t, kindIncident, path) }},
		{"policies", func(t *testing.T, path string) { badFile(t, kindPolicy, path) }},
		{"plans", func(t *testing.T, path string) { badFile(t, kindPlans, path) }},
		{"subscriptions", badSubscriptions},
		{"ledgers", badLedger},
		{"commands", badCommand},
		{"statuspage", func(t *testing.T, path string) { badFile(t, kindStatus, path) }},
		{"pagerduty", func(t *testing.T, path string) { badFile(t, kindPager, path) }},
		{"openslo", func(t *testing.T, path string) { badFile(t, kindOpenSLO, path) }},
		{"prometheus", badRequests},
	}
	for _, k := range kinds {
		entries, err := os.ReadDir(k.dir)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		cases := map[string]bool{}
		for _, e := range entries {
			if e.IsDir() || strings.HasSuffix(e.Name(), ".golden") {
				continue
			}
			cases[goldenOf(e.Name())] = true
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".golden") && !cases[e.Name()] {
				t.Errorf("%s/%s: a golden file without its case", k.dir, e.Name())
			}
			if e.IsDir() || strings.HasSuffix(e.Name(), ".golden") {
				continue
			}
			n++
			path := k.dir + "/" + e.Name()
			t.Run(path, func(t *testing.T) { k.run(t, path) })
		}
		if n < 2 {
			t.Errorf("%s: %d cases, want the corpus", k.dir, n)
		}
	}
	t.Run("generated/50MB-title.yaml", func(t *testing.T) {
		hugeTitle(t)
	})
}

// goldenOf returns the golden file of a case: its name with ".golden" for
// its extension.
func goldenOf(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".golden"
}

// transcript is a golden file's text: the command line, the exit status,
// and the output, with the temporary folder tmp (if any) shown as TMP.
func transcript(args []string, r result, tmp string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "$ postmortem %s\nexit status %d\n", strings.Join(args, " "), r.code)
	b.WriteString(r.stdout)
	b.WriteString(r.stderr)
	s := b.String()
	if tmp != "" {
		s = strings.ReplaceAll(s, tmp, "TMP")
	}
	return s
}

// noPanic fails t when the command reported an internal error.
func noPanic(t *testing.T, r result) {
	t.Helper()
	if r.code == exitInternal || strings.Contains(r.stderr, "internal error") {
		t.Fatalf("internal error (exit status %d):\n%s", r.code, r.stderr)
	}
}

// badFile validates one incident, policy or plans file of the corpus.
func badFile(t *testing.T, k fileKind, path string) {
	args := []string{"validate", "-kind", string(k), path}
	r := runCLI(t, "", args...)
	noPanic(t, r)
	goldenfile.Check(t, goldenOf(path), []byte(transcript(args, r, "")))

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, err = validateAs(k, path, data)
	if (err == nil) != (r.code == exitOK) {
		t.Fatalf("the loader says %v, the command exits %d", err, r.code)
	}
	if err == nil {
		return
	}
	if ps := fileformat.Unlocated(err, path); ps != nil {
		t.Errorf("problems not located by file, line and field: %+v", ps)
	}
}

// badSubscriptions credits one subscriptions CSV of the corpus.
func badSubscriptions(t *testing.T, path string) {
	tmp := t.TempDir()
	out, summary, rejects := filepath.Join(tmp, "lines.csv"), filepath.Join(tmp, "summary.json"), filepath.Join(tmp, "rejects.csv")
	args := append(append([]string{"credits"}, badCreditInputs...), "-subscriptions", path, "-out", out, "-summary", summary, "-rejects", rejects)
	r := runCLI(t, "", args...)
	noPanic(t, r)
	text := transcript(args, r, tmp)
	rejected, err := os.ReadFile(rejects)
	if err == nil {
		text += "--- " + filepath.Base(rejects) + "\n" + string(rejected)
	}
	goldenfile.Check(t, goldenOf(path), []byte(text))

	if _, err := os.Stat(summary); err != nil {
		// The run failed as a whole: it must say why, and leave nothing.
		if r.code == exitOK {
			t.Fatalf("exit status 0 without a summary: %v", err)
		}
		if names := dirNames(t, tmp); len(names) > 0 {
			t.Errorf("a failed run left %q behind", names)
		}
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(path) + `:\d+: `).MatchString(r.stderr) {
			t.Errorf("the error does not name the file and line:\n%s", r.stderr)
		}
		return
	}

	var sum credit.Summary
	if err := json.Unmarshal(readFile(t, summary), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Read != sum.Credited+sum.Zero+sum.Rejected {
		t.Errorf("summary: read %d ≠ credited %d + zero %d + rejected %d", sum.Read, sum.Credited, sum.Zero, sum.Rejected)
	}
	if want := exitOK; sum.Rejected > 0 {
		if r.code != exitInvalid {
			t.Errorf("exit status %d with %d rows rejected, want %d", r.code, sum.Rejected, exitInvalid)
		}
	} else if r.code != want {
		t.Errorf("exit status %d without rejects, want %d", r.code, want)
	}

	// Every row of the input is read; each bad one is in the rejects file
	// with its line and column, each good one has its lines.
	rows := csvRows(t, readFile(t, path))
	if sum.Read != int64(len(rows)) {
		t.Errorf("summary: read %d, the file has %d rows", sum.Read, len(rows))
	}
	badLines := map[int]bool{}
	for _, rec := range csvRecords(t, rejected)[1:] {
		line, err := strconv.Atoi(rec[1])
		if err != nil || rec[0] != path {
			t.Errorf("reject %q does not name the file and line", rec)
			continue
		}
		if _, ok := rows[line]; !ok {
			t.Errorf("reject %q: no row starts on line %d", rec, line)
		}
		if rec[2] == "" && !strings.Contains(rec[4], "columns") && !strings.HasPrefix(rec[4], "column ") {
			t.Errorf("reject %q names no column", rec)
		}
		badLines[line] = true
	}
	if int64(len(badLines)) != sum.Rejected {
		t.Errorf("%d rows in the rejects file, the summary says %d rejected", len(badLines), sum.Rejected)
	}
	var want []string
	for line, id := range rows {
		if !badLines[line] {
			want = append(want, id)
		}
	}
	var got []string
	for l, err := range credit.ReadLines(bytes.NewReader(readFile(t, out)), out) {
		if err != nil {
			t.Fatalf("lines file: %v", err)
		}
		if len(got) == 0 || got[len(got)-1] != l.Subscription {
			got = append(got, l.Subscription)
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("subscriptions with lines (-good rows +lines):\n%s", diff)
	}

	// An importer can check the lines file against the summary.
	rebuilt, err := credit.ReadSummary(bytes.NewReader(readFile(t, out)), out)
	if err != nil {
		t.Fatal(err)
	}
	// The lines file cannot know the rejected rows: take those counts from
	// the summary and compare the rest, in the JSON an importer reads.
	rebuilt.Read, rebuilt.Rejected = sum.Read, sum.Rejected
	written, err := json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	again, err := json.Marshal(rebuilt)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(written), string(again)); diff != "" {
		t.Errorf("summary differs from the one rebuilt from the lines (-written +rebuilt):\n%s", diff)
	}
}

// csvRows returns the id of every data row of a subscriptions CSV by the
// line it starts on.
func csvRows(t *testing.T, data []byte) map[int]string {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	cr.FieldsPerRecord = -1
	rows := map[int]string{}
	for i := 0; ; i++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && i > 0 {
			rows[pe.StartLine] = "" // a stray quote: the row is rejected whole
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			line, _ := cr.FieldPos(0)
			rows[line] = rec[0]
		}
	}
}

// csvRecords parses a whole CSV file; nil data has no records but a
// header-sized empty one, so that [1:] is always valid.
func csvRecords(t *testing.T, data []byte) [][]string {
	t.Helper()
	if data == nil {
		return [][]string{nil}
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// problemLine is a problem as the command prints it: "file:line:col: field: message".
var problemLine = regexp.MustCompile(`^[^:\s]+:\d+:\d+: [a-z_]+[a-z_0-9.\[\]]*: `)

// badLedger runs a credits batch of the demo subscriptions against the
// seed's policy, plans and incident with a ledgers/ case as -issued. A
// ledger with a problem fails the run as a whole (exit status 1, nothing
// written), and every problem printed names the file and line.
func badLedger(t *testing.T, path string) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "lines.csv")
	args := append(append([]string{"credits"}, badCreditInputs...), "-subscriptions", "../subscriptions/demo.csv", "-issued", path, "-out", out)
	r := runCLI(t, "", args...)
	noPanic(t, r)
	goldenfile.Check(t, goldenOf(path), []byte(transcript(args, r, tmp)))
	if r.code == exitOK {
		return
	}
	if r.code != exitInvalid {
		t.Errorf("exit status %d, want %d", r.code, exitInvalid)
	}
	if names := dirNames(t, tmp); len(names) > 0 {
		t.Errorf("a refused ledger left %q behind", names)
	}
	located := regexp.MustCompile(`^` + regexp.QuoteMeta(path) + `:\d+: `)
	for line := range strings.Lines(r.stderr) {
		if !located.MatchString(line) && !strings.HasPrefix(line, "postmortem credits: ") {
			t.Errorf("a problem without its file and line: %q", line)
		}
	}
}

// wholeDocumentLine is a problem without a field: "file:line: message".
var wholeDocumentLine = regexp.MustCompile(`^[^:\s]+:\d+(?::\d+)?: (.*)$`)

// rowLine is a refused CSV row as the command prints it: "file:line:
// field "value": reason".
var rowLine = regexp.MustCompile(`^[^:\s]+:\d+: [a-z_]+ "`)

// badCommand runs the arguments in a commands/ case file: one command
// line, "#" comments allowed. Every problem printed must be located.
func badCommand(t *testing.T, path string) {
	var args []string
	for line := range strings.Lines(string(readFile(t, path))) {
		if line, _, _ = strings.Cut(line, "#"); strings.TrimSpace(line) != "" {
			args = append(args, strings.Fields(line)...)
		}
	}
	r := runCLI(t, "", args...)
	noPanic(t, r)
	goldenfile.Check(t, goldenOf(path), []byte(transcript(args, r, "")))
	if r.code == exitOK {
		return
	}
	for line := range strings.Lines(r.stderr) {
		m := wholeDocumentLine.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
		switch {
		case strings.HasPrefix(line, "postmortem "), problemLine.MatchString(line):
		case r.code == exitUsage && strings.HasPrefix(line, "Run 'postmortem "): // the hint of a usage error
		case rowLine.MatchString(line): // a refused row of a CSV file
		case m != nil && fileformat.WholeDocument(m[1]): // a file that cannot be read at all has no fields
		default:
			t.Errorf("problem not located by file, line and field: %q", line)
		}
	}
}

// badRequests measures the request-based policy from one Prometheus
// range query result of the corpus, as its bad ratio.
func badRequests(t *testing.T, path string) {
	args := []string{"sla", "-policy", "../policies/request-based.yaml", "-requests", path}
	r := runCLI(t, "", args...)
	noPanic(t, r)
	goldenfile.Check(t, goldenOf(path), []byte(transcript(args, r, "")))
	_, err := prometheus.Requests(prometheus.Opts{}, prometheus.Series{Role: prometheus.BadRatio, File: source.File{Name: path, Data: readFile(t, path)}})
	if (err == nil) != (r.code == exitOK) {
		t.Fatalf("the reader says %v, the command exits %d", err, r.code)
	}
	if err == nil {
		return
	}
	if ps := fileformat.Unlocated(err, path); ps != nil {
		t.Errorf("problems not located by file, line and field: %+v", ps)
	}
}

// hugeTitle checks an incident with a 50 MB title: refused before it is
// parsed, with the file and the line the size limit falls in.
func hugeTitle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge-title.yaml")
	var b bytes.Buffer
	b.WriteString("id: INC-50MB\ntitle: ")
	b.Write(bytes.Repeat([]byte("x"), 50<<20))
	b.WriteString("\nimpacts:\n  - {component: api, level: major_outage, start: 2025-03-29T09:52:00Z, end: 2025-03-29T10:40:00Z}\n")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", "validate", path)
	noPanic(t, r)
	r.wantCode(t, exitInvalid)
	want := fmt.Sprintf("%s:2: file is larger than the limit of 16777216 bytes (reached on line 2)\n", path)
	if !strings.HasPrefix(r.stderr, want) {
		t.Errorf("stderr = %q, want it to start with %q", r.stderr, want)
	}
}
