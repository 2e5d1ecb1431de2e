package postmortem_test

import (
	"bytes"
	"io/fs"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem"
	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// TestDemoFiles checks that Demo holds exactly the four named inputs, byte
// for byte the fixtures of the source tree, and that each loads.
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
	for _, name := range want {
		embedded, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		onDisk, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(embedded, onDisk) {
			t.Errorf("%s: embedded copy differs from the source tree", name)
		}
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
	if n == 0 {
		t.Error("subscriptions: no rows")
	}
}
