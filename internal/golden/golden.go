// Package golden compares test output with golden files and rewrites them
// when tests run with -update.
//
// # Use
//
// A test calls Check with the path of its golden file, relative to the
// package directory (conventionally under testdata/), and the bytes it
// produced:
//
//	golden.Check(t, "testdata/metrics/seed.json", got)
//
// A normal run reads the file and fails the test with a diff when the
// bytes differ (or when the file is missing). `go test ./pkg -update`
// writes the bytes to the file instead, creating its directory, and the
// test passes: review the diff with git before committing.
//
// The -update flag is registered once, here, for every test binary that
// imports the package; a test package must not register its own flag of
// that name (the flag package would panic on the duplicate).
//
// # Concurrency
//
// Check may be called from parallel tests as long as they use different
// paths.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Check compares got with the golden file at path, or writes got to path
// when the tests run with -update. It fails t with a line-by-line diff
// (-want +got) when they differ, and with a hint at -update when the file
// does not exist. Bytes are compared exactly: line ends and a trailing
// newline count.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got; run with -update to rewrite it and review the diff):\n%s", path, diff)
	}
}

// AddFiles adds every file matching the glob patterns (relative to the
// package directory) to the seed corpus of a fuzz target taking
// (name string, data []byte), with the file's base name as the name. A
// pattern that matches nothing, or a file that cannot be read, fails the
// target: a fixture moved away must not silently shrink the corpus.
func AddFiles(f *testing.F, patterns ...string) {
	f.Helper()
	for _, pattern := range patterns {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		if len(paths) == 0 {
			f.Fatalf("golden: no file matches %q", pattern)
		}
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(filepath.Base(path), data)
		}
	}
}
