package source

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFileNames(t *testing.T) {
	long := strings.Repeat("x", 245)
	tests := []struct {
		name string
		ids  []string
		want []string
	}{
		{"plain", []string{"p1zfc9gk3b7m"}, []string{"p1zfc9gk3b7m.yaml"}},
		{"path characters", []string{"../../etc/passwd", "a b/c", ".hidden"}, []string{"_.._etc_passwd.yaml", "a_b_c.yaml", "hidden.yaml"}},
		{"empty", []string{"", ""}, []string{"incident.yaml", "incident-2.yaml"}},
		{"repeated", []string{"a b/c", "a_b_c"}, []string{"a_b_c.yaml", "a_b_c-2.yaml"}},
		{"case only", []string{"dup", "DUP", "Dup"}, []string{"dup.yaml", "DUP-2.yaml", "Dup-3.yaml"}},
		{"a suffix that is taken", []string{"a", "a", "a-2"}, []string{"a.yaml", "a-2.yaml", "a-2-2.yaml"}},
		{"device names", []string{"CON", "nul", "Com1", "LPT9.tar", "COM", "COM10", "conx"},
			[]string{"_CON.yaml", "_nul.yaml", "_Com1.yaml", "_LPT9.tar.yaml", "COM.yaml", "COM10.yaml", "conx.yaml"}},
		// The hashes are FNV-1a 32 of the ids, checked with an independent implementation.
		{"long ids", []string{long, long + "y"},
			[]string{strings.Repeat("x", 91) + "-9885fa97.yaml", strings.Repeat("x", 91) + "-08ea04aa.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FileNames(tt.ids, "yaml")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FileNames(%q) (-want +got):\n%s", tt.ids, diff)
			}
		})
	}
}

// FuzzFileNames checks the promises on any ids: safe characters, bounded
// length, no device name, distinct ignoring case.
func FuzzFileNames(f *testing.F) {
	f.Add("CON", "con", "a/b")
	f.Add(strings.Repeat("é", 200), "..", "")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		names := FileNames([]string{a, b, c}, "json")
		seen := map[string]bool{}
		for _, name := range names {
			stem := strings.TrimSuffix(name, ".json")
			if len(stem) > MaxNameLength+8 || strings.HasPrefix(name, ".") || isDeviceName(name) {
				t.Fatalf("unsafe name %q", name)
			}
			for _, r := range name {
				if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.", r)) {
					t.Fatalf("name %q has %q", name, r)
				}
			}
			if seen[strings.ToLower(name)] {
				t.Fatalf("%q given twice (ignoring case) in %q", name, names)
			}
			seen[strings.ToLower(name)] = true
		}
	})
}
