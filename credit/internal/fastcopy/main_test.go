package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUpToDate fails when credit/fast_gen.go is not the copy the generic
// rule pipeline gives: a generic function was edited and the copy not
// written again (go generate ./credit).
func TestUpToDate(t *testing.T) {
	dir := filepath.Join("..", "..")
	want, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, outFile))
	if err != nil {
		t.Fatalf("%v (run go generate ./credit)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("credit/%s is not what the generic functions give (-want +got; run go generate ./credit):\n%s", outFile, diff)
	}
}
