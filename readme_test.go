package postmortem_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeBlock is a fenced block of the README: its language, its text,
// and the package the bold heading above it names ("**`rca`**").
type readmeBlock struct {
	lang, text, pkg string
	line            int
}

// readmeBlocks returns the fenced blocks of README.md.
func readmeBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile("^\\*\\*`([a-z/.]+)`\\*\\*")
	var blocks []readmeBlock
	var cur *readmeBlock
	pkg := ""
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &readmeBlock{lang: strings.TrimPrefix(line, "```"), pkg: pkg, line: i + 1}
		case cur != nil && line == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		default:
			if m := heading.FindStringSubmatch(line); m != nil {
				pkg = m[1]
			}
		}
	}
	return blocks
}

// example is the source of one Example function: its body's lines,
// trimmed, and its // Output: lines.
type example struct {
	name         string
	body, output []string
}

// examples returns the Example functions of the test files in dir, with
// the walk-through's folder taken out of file names (the README names
// "incident.yaml" where an example reads
// "../testdata/walkthrough/incident.yaml").
func examples(t *testing.T, dir string) []example {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []example
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := regexp.MustCompile(`"(\.\./)*testdata/walkthrough/`).ReplaceAllString(string(data), `"`)
		var ex *example
		inOutput := false
		for _, line := range strings.Split(text, "\n") {
			switch {
			case ex == nil && strings.HasPrefix(line, "func Example"):
				ex = &example{name: strings.TrimSuffix(strings.TrimPrefix(line, "func "), "() {")}
				inOutput = false
			case ex != nil && line == "}":
				out = append(out, *ex)
				ex = nil
			case ex != nil:
				l := strings.TrimSpace(line)
				if l == "// Output:" {
					inOutput = true
				} else if inOutput {
					ex.output = append(ex.output, strings.TrimPrefix(strings.TrimPrefix(l, "//"), " "))
				} else if l != "" {
					ex.body = append(ex.body, l)
				}
			}
		}
	}
	return out
}

// matches reports whether the snippet is part of ex: its code lines are
// lines of ex's body, in order (a line with "…" matches a line that
// starts with what comes before it), and its comment lines are lines of
// ex's output.
func (ex example) matches(snippet string) bool {
	body := ex.body
	for _, line := range strings.Split(snippet, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "//"):
			out := strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
			found := false
			for _, o := range ex.output {
				found = found || o == out
			}
			if !found {
				return false
			}
		default:
			prefix, _, cut := strings.Cut(line, "…")
			prefix = strings.TrimSpace(prefix)
			for {
				if len(body) == 0 {
					return false
				}
				l := body[0]
				body = body[1:]
				if l == line || cut && strings.HasPrefix(l, prefix) {
					break
				}
			}
		}
	}
	return true
}

// TestREADMESnippets checks that every Go snippet of the README is part of
// a runnable Example of the package it shows (see "Go API" in the
// README), so that a snippet cannot drift from the code: go test runs the
// examples and checks what they print.
func TestREADMESnippets(t *testing.T) {
	n := 0
	for _, b := range readmeBlocks(t) {
		if b.lang != "go" {
			continue
		}
		n++
		dir := strings.TrimSuffix(b.pkg, "/...") // "source/...": an example in source
		if dir == "postmortem" {
			dir = "."
		}
		if dir == "" {
			t.Errorf("README.md:%d: a Go snippet without a **`package`** heading above it", b.line)
			continue
		}
		exs := examples(t, dir)
		found := false
		for _, ex := range exs {
			found = found || ex.matches(b.text)
		}
		if !found {
			t.Errorf("README.md:%d: the %s snippet is not part of any of the %d examples in %s:\n%s", b.line, b.pkg, len(exs), dir, b.text)
		}
	}
	if n < 5 {
		t.Errorf("%d Go snippets in the README, want one per package", n)
	}
}

// TestREADMEWalkthroughFiles checks that the files the README's
// walk-through writes are, byte for byte, those of testdata/walkthrough,
// which the examples and the CLI's README test run on.
func TestREADMEWalkthroughFiles(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"incident.yaml", "policy.yaml", "plans.yaml", "subscriptions.csv", "changes.csv"}
	for _, name := range names {
		re := regexp.MustCompile("(?s)\\*\\*`" + regexp.QuoteMeta(name) + "`\\*\\*.*?```(?:yaml|csv)\n(.*?)```")
		m := re.FindSubmatch(data)
		if m == nil {
			t.Errorf("README.md shows no %s", name)
			continue
		}
		want, err := os.ReadFile(filepath.Join("testdata", "walkthrough", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(m[1]) != string(want) {
			t.Errorf("README.md's %s differs from testdata/walkthrough/%s", name, name)
		}
	}
	entries, err := os.ReadDir(filepath.Join("testdata", "walkthrough"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(names) {
		t.Errorf("testdata/walkthrough holds %d files, the README shows %d", len(entries), len(names))
	}
}
