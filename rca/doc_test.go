package rca

import (
	"os"
	"strings"
	"testing"
)

// TestDocExample loads the complete example of the package guide, so that
// the documentation stays a valid file.
func TestDocExample(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	const from, to = "// A complete small incident:\n//\n", "//\n// Instead of changes"
	s := string(src)
	i, j := strings.Index(s, from), strings.Index(s, to)
	if i < 0 || j < i {
		t.Fatal("example not found in doc.go")
	}
	var yaml strings.Builder
	for _, line := range strings.Split(s[i+len(from):j], "\n") {
		yaml.WriteString(strings.TrimPrefix(strings.TrimPrefix(line, "//"), "\t"))
		yaml.WriteByte('\n')
	}
	inc, err := Load("doc.yaml", []byte(yaml.String()))
	if err != nil {
		t.Fatalf("the example in doc.go does not load: %v\n%s", err, yaml.String())
	}
	if m := inc.Metrics(MetricsOpts{}); m.Outage.String() != "1h30m0s" {
		t.Errorf("outage = %v, want 1h30m", m.Outage)
	}
}
