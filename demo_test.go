package postmortem_test

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem"
	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// TestDemoFiles checks that Demo holds exactly the four named inputs and
// that each loads. (The embedded bytes are the source tree's files by
// construction, go:embed reads them at build time: comparing the two could
// not fail, so it is not done.)
func TestDemoFiles(t *testing.T) {
	fsys := postmortem.Demo()
	var got []string
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			got = append(got, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{postmortem.DemoIncident, postmortem.DemoPlans, postmortem.DemoPolicy, postmortem.DemoSubscriptions}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	read := func(name string) []byte {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if _, err := rca.Load(postmortem.DemoIncident, read(postmortem.DemoIncident)); err != nil {
		t.Errorf("incident: %v", err)
	}
	if _, err := sla.Load(postmortem.DemoPolicy, read(postmortem.DemoPolicy)); err != nil {
		t.Errorf("policy: %v", err)
	}
	if _, err := credit.LoadPlans(postmortem.DemoPlans, read(postmortem.DemoPlans)); err != nil {
		t.Errorf("plans: %v", err)
	}
	n := 0
	for _, err := range credit.ReadSubscriptions(bytes.NewReader(read(postmortem.DemoSubscriptions)), credit.ReadOptions{File: postmortem.DemoSubscriptions}) {
		if err != nil {
			t.Errorf("subscriptions: %v", err)
		}
		n++
	}
	// The README's demo output says "credited 11 of 13 subscriptions".
	if n != 13 {
		t.Errorf("subscriptions: %d rows, want the 13 the README's demo output counts", n)
	}
}
