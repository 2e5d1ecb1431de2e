package report

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/currency"
	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/internal/pdftext"
	"github.com/outagekit/postmortem/sla"
)

// seedCurve prices outages of the given lengths starting when the seed's
// did, for the demo's subscribers.
func seedCurve(t testing.TB, spec string) *credit.Curve {
	t.Helper()
	pol, err := sla.LoadFile(seedPolicy)
	if err != nil {
		t.Fatal(err)
	}
	plans, err := credit.LoadPlansFile("../testdata/plans/demo-plans.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := credit.ParseDurations(spec)
	if err != nil {
		t.Fatal(err)
	}
	ny := pol.Window.Zone
	x, err := credit.NewExposure(credit.Config{Plans: plans, Policies: []*sla.Policy{pol}}, credit.ExposureOptions{
		Window: time.Date(2014, 4, 1, 0, 0, 0, 0, ny), Durations: ds,
		Place: credit.PlaceAt, At: time.Date(2014, 4, 18, 10, 32, 0, 0, ny), Components: []string{"api"},
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

var seedMark = []Mark{{Duration: 14*time.Hour + 28*time.Minute, Label: "constant-contact-2014-04-18"}}

// TestExposureSVGGolden: the chart of a few points, in each language,
// byte for byte (go test -update rewrites the goldens: look at them, e.g.
// with rsvg-convert, before committing).
func TestExposureSVGGolden(t *testing.T) {
	c := seedCurve(t, "0..48h/4h,14h28m")
	for _, lang := range []language.Tag{language.English, language.German, language.French} {
		t.Run(lang.String(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteExposureSVG(&buf, &ExposureChart{Curve: c, Marks: seedMark, Options: Options{Lang: lang}}); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/exposure/seed-"+lang.String()+".svg", buf.Bytes())
		})
	}
}

// TestExposureChartFigures: what the chart says, read back from the PDF's
// text (ASCII only, which extractors keep): each currency's total at the
// longest outage, the incident's point at 14h28m (the demo's totals), the
// email-pro tiers with the points they are reached at, and the placement.
func TestExposureChartFigures(t *testing.T) {
	c := seedCurve(t, "0..72h/15m,14h28m")
	var buf bytes.Buffer
	if err := WriteExposurePDF(&buf, &ExposureChart{Curve: c, Marks: seedMark}); err != nil {
		t.Fatal(err)
	}
	pages, err := pdftext.Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, p := range pages {
		text.WriteString(p.Text() + " ")
	}
	flat := strings.Join(strings.Fields(text.String()), " ")
	for _, want := range []string{
		"Credits in USD: USD 279.45 at 72h",
		"constant-contact-2014-04-18 (14h28m): USD 69.17",
		"constant-contact-2014-04-18 (14h28m): EUR 13.98",
		"email-pro: < 95: 100% from 36h15m (subscriptions: 2; none at 36h)",
		"email-eu: cap reached from 5h15m (subscriptions: 1; none at 5h)",
		"Each outage starts at 2014-04-18 10:32 EDT",
		"Outage of api at the level major outage",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	var again bytes.Buffer
	if err := WriteExposurePDF(&again, &ExposureChart{Curve: c, Marks: seedMark}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two renderings of the same chart differ")
	}
}

// TestExposureChartErrors: no curve, no chart.
func TestExposureChartErrors(t *testing.T) {
	for _, x := range []*ExposureChart{nil, {}, {Curve: &credit.Curve{}}} {
		if err := WriteExposureSVG(&bytes.Buffer{}, x); err != ErrNoCurve {
			t.Errorf("%+v: got %v, want ErrNoCurve", x, err)
		}
	}
}

// TestAmountTicks: the amount axis starts at zero, steps by 1, 2 or 5 × a
// power of ten never below the currency's minor unit, and reaches the top.
func TestAmountTicks(t *testing.T) {
	tests := []struct {
		name, top, cur string
		want           []string
	}{
		{"dollars", "258.65", "USD", []string{"0", "100", "200", "300"}},
		{"cents", "0.11", "USD", []string{"0", "0.05", "0.1", "0.15"}},
		{"yen: whole units", "3", "JPY", []string{"0", "1", "2", "3"}},
		{"dinars", "1.25", "KWD", []string{"0", "0.5", "1", "1.5"}},
		{"nothing", "0", "EUR", []string{"0", "0.01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range amountTicks(dec(tt.top), mustUnit(t, tt.cur)) {
				got = append(got, d.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestStraighten: points inside a horizontal or vertical run go, the
// corners stay.
func TestStraighten(t *testing.T) {
	got := straighten([]float64{0, 0, 1, 0, 2, 0, 2, 0, 2, 1, 2, 3, 3, 3})
	if diff := cmp.Diff([]float64{0, 0, 2, 0, 2, 3, 3, 3}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func mustUnit(t *testing.T, code string) currency.Unit {
	t.Helper()
	u, err := currency.ParseISO(code)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
