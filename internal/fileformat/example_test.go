package fileformat_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/problem"
)

type Event struct {
	At   time.Time `yaml:"at"`
	Text string    `yaml:"text"`
}

type Outage struct {
	ID       string          `yaml:"id"`
	Zone     *time.Location  `yaml:"zone"`
	Timeline []Event         `yaml:"timeline"`
	Refund   decimal.Decimal `yaml:"refund"`
	Budget   time.Duration   `yaml:"budget"`
}

func ExampleDecode() {
	src := `id: cc-2014
timeline:
  - at: 2014-04-18 10:32   # local time, in the zone below
    text: power lost
  - at: 2014-04-19T05:00:00Z
    text: all systems verified
zone: America/New_York
refund: 0.30
budget: 14h28m
`
	var o Outage
	if _, err := fileformat.Decode("outage.yaml", []byte(src), &o, fileformat.Options{ZoneField: "zone"}); err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range o.Timeline {
		fmt.Println(e.At.UTC().Format(time.RFC3339), e.Text)
	}
	fmt.Println(o.Refund, o.Budget)
	// Output:
	// 2014-04-18T14:32:00Z power lost
	// 2014-04-19T05:00:00Z all systems verified
	// 0.3 14h28m0s
}

func ExampleDecode_problems() {
	src := `{
  "id": "cc-2014",
  "timeline": [
    {"at": "2014-04-18T10:32:00-04:00", "txt": "power lost"},
    {"at": "2014-02-30"}
  ],
  "refund": "1,50"
}`
	var o Outage
	_, err := fileformat.Decode("outage.json", []byte(src), &o, fileformat.Options{})
	var perr *problem.Error
	if errors.As(err, &perr) {
		for _, p := range perr.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// outage.json:4:41: timeline[0].txt: unknown field (did you mean "text"?)
	// outage.json:5:12: timeline[1].at: invalid time "2014-02-30": February 2014 has 28 days
	// outage.json:7:13: refund: want a decimal number, got "1,50" (write the decimal point as "." and no thousands separators)
}

func ExampleDoc_Locate() {
	src := "id: x\ntimeline:\n  - at: 2014-04-18T14:32:00Z\n  - at: 2014-04-18T12:00:00Z\n"
	var o Outage
	doc, _ := fileformat.Decode("outage.yaml", []byte(src), &o, fileformat.Options{})
	// A check that runs after decoding locates its problems through the Doc.
	l := problem.List{File: "outage.yaml", Locator: doc}
	if o.Timeline[1].At.Before(o.Timeline[0].At) {
		l.Add("timeline[1].at", "before the previous event")
	}
	fmt.Println(l.Err())
	// Output:
	// outage.yaml:4:5: timeline[1].at: before the previous event
}

func ExampleEncode() {
	ny, _ := time.LoadLocation("America/New_York")
	o := Outage{
		ID:       "cc-2014",
		Zone:     ny,
		Timeline: []Event{{At: time.Date(2014, 4, 18, 10, 32, 0, 0, ny), Text: "power lost"}},
		Refund:   decimal.RequireFromString("0.30"),
		Budget:   14*time.Hour + 28*time.Minute,
	}
	if err := fileformat.Encode(os.Stdout, o, fileformat.YAML); err != nil {
		fmt.Println(err)
	}
	// Output:
	// id: cc-2014
	// zone: America/New_York
	// timeline:
	//   - at: 2014-04-18T10:32:00-04:00
	//     text: power lost
	// refund: 0.30
	// budget: 14h28m
}

func ExampleParseTime() {
	ny, _ := time.LoadLocation("America/New_York")
	for _, s := range []string{"2014-04-18T10:32:00-04:00", "2014-04-18 10:32", "2014-04-18", "2014-11-02 01:30"} {
		t, err := fileformat.ParseTime(s, ny)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(t.UTC())
	}
	// Output:
	// 2014-04-18 14:32:00 +0000 UTC
	// 2014-04-18 14:32:00 +0000 UTC
	// 2014-04-18 04:00:00 +0000 UTC
	// invalid time "2014-11-02 01:30": this local time is ambiguous in America/New_York (the clocks moved back): write it with an offset, -04:00 or -05:00
}

func ExampleParseDuration() {
	for _, s := range []string{"14h28m", "30d", "1d12h", "90s", "30"} {
		d, err := fileformat.ParseDuration(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(fileformat.FormatDuration(d))
	}
	// Output:
	// 14h28m
	// 720h
	// 36h
	// 1m30s
	// invalid duration "30": missing unit: write "s", "m", "h" or "d" after the number
}
