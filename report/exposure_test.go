package report

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/sla"
)

// seedCurve prices outages of 0 to 72 hours (every 15 minutes, and 14h28m)
// starting when the seed's did, for the demo's subscribers.
func seedCurve(t testing.TB) *credit.Curve {
	t.Helper()
	pol, err := sla.LoadFile(seedPolicy)
	if err != nil {
		t.Fatal(err)
	}
	plans, err := credit.LoadPlansFile("../testdata/plans/demo-plans.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := credit.ParseDurations("0..72h/15m,14h28m")
	if err != nil {
		t.Fatal(err)
	}
	ny := pol.Window.Zone
	x, err := credit.NewExposure(credit.Config{Plans: plans, Policies: []*sla.Policy{pol}}, credit.ExposureOptions{
		Window: time.Date(2014, 4, 1, 0, 0, 0, 0, ny), Durations: ds,
		Place: credit.PlaceAt, At: time.Date(2014, 4, 18, 10, 32, 0, 0, ny),
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../testdata/subscriptions/demo.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := x.Run(context.Background(), credit.ReadSubscriptions(f, credit.ReadOptions{File: "demo.csv", Zones: x.Zones()}), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestExposureScratch(t *testing.T) {
	c := seedCurve(t)
	for _, lang := range []language.Tag{language.English, language.German, language.French} {
		x := &ExposureChart{Curve: c, Marks: []Mark{{Duration: 14*time.Hour + 28*time.Minute, Label: "constant-contact-2014-04-18"}},
			Options: Options{Lang: lang}}
		var svg, pdf bytes.Buffer
		if err := WriteExposureSVG(&svg, x); err != nil {
			t.Fatal(err)
		}
		if err := WriteExposurePDF(&pdf, x); err != nil {
			t.Fatal(err)
		}
		os.WriteFile("/tmp/x16/exposure-"+lang.String()+".svg", svg.Bytes(), 0o644)
		os.WriteFile("/tmp/x16/exposure-"+lang.String()+".pdf", pdf.Bytes(), 0o644)
	}
}
