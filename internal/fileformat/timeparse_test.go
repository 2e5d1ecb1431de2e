package fileformat

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	london := mustZone(t, "Europe/London")
	lordHowe := mustZone(t, "Australia/Lord_Howe")
	kiritimati := mustZone(t, "Pacific/Kiritimati")
	tests := []struct {
		name     string
		in       string
		loc      *time.Location
		want     time.Time
		wantZone string // the zone name of the result; "" skips the check
		err      string
	}{
		{name: "RFC 3339 Z", in: "2014-04-18T14:32:00Z", loc: ny, want: time.Date(2014, 4, 18, 14, 32, 0, 0, time.UTC), wantZone: "UTC"},
		{name: "RFC 3339 lower-case z and t", in: "2014-04-18t14:32:00z", want: time.Date(2014, 4, 18, 14, 32, 0, 0, time.UTC)},
		{name: "offset matching the zone takes the zone", in: "2014-04-18T10:32:00-04:00", loc: ny, want: time.Date(2014, 4, 18, 14, 32, 0, 0, time.UTC), wantZone: "EDT"},
		{name: "offset not matching the zone is kept", in: "2014-04-18T10:32:00-07:00", loc: ny, want: time.Date(2014, 4, 18, 17, 32, 0, 0, time.UTC), wantZone: ""},
		{name: "zero offset outside the zone is UTC", in: "2014-04-18T14:32:00+00:00", loc: ny, want: time.Date(2014, 4, 18, 14, 32, 0, 0, time.UTC), wantZone: "UTC"},
		{name: "milliseconds are kept", in: "2014-04-18T14:32:00.123Z", want: time.Date(2014, 4, 18, 14, 32, 0, 123e6, time.UTC)},
		{name: "nanoseconds are kept", in: "2014-04-18T14:32:00.000000001Z", want: time.Date(2014, 4, 18, 14, 32, 0, 1, time.UTC)},
		{name: "offset without seconds", in: "2014-04-18T10:32-04:00", want: time.Date(2014, 4, 18, 14, 32, 0, 0, time.UTC)},
		{name: "space instead of T with offset", in: "2014-04-18 10:32:00+05:30", want: time.Date(2014, 4, 18, 5, 2, 0, 0, time.UTC)},
		{name: "local time in New York", in: "2014-04-18T10:32", loc: ny, want: time.Date(2014, 4, 18, 14, 32, 0, 0, time.UTC), wantZone: "EDT"},
		{name: "local time with a space", in: "2014-04-18 23:15", loc: ny, want: time.Date(2014, 4, 19, 3, 15, 0, 0, time.UTC)},
		{name: "local time with seconds and fraction", in: "2014-04-18 10:32:05.5", loc: ny, want: time.Date(2014, 4, 18, 14, 32, 5, 5e8, time.UTC)},
		{name: "local time with nil zone is UTC", in: "2014-04-18 10:32", want: time.Date(2014, 4, 18, 10, 32, 0, 0, time.UTC), wantZone: "UTC"},
		{name: "date is midnight in the zone", in: "2014-04-18", loc: ny, want: time.Date(2014, 4, 18, 4, 0, 0, 0, time.UTC)},
		{name: "leap day", in: "2024-02-29", want: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{name: "UTC+14", in: "2025-01-01 00:00", loc: kiritimati, want: time.Date(2024, 12, 31, 10, 0, 0, 0, time.UTC)},
		{name: "just before the New York gap", in: "2014-03-09 01:59:59", loc: ny, want: time.Date(2014, 3, 9, 6, 59, 59, 0, time.UTC)},
		{name: "just after the New York gap", in: "2014-03-09 03:00", loc: ny, want: time.Date(2014, 3, 9, 7, 0, 0, 0, time.UTC)},
		{name: "after the New York fold", in: "2014-11-02 02:00", loc: ny, want: time.Date(2014, 11, 2, 7, 0, 0, 0, time.UTC)},
		{name: "Lord Howe before its half-hour gap", in: "2014-10-05 01:59", loc: lordHowe, want: time.Date(2014, 10, 4, 15, 29, 0, 0, time.UTC)},
		{name: "Lord Howe after its half-hour gap", in: "2014-10-05 02:30", loc: lordHowe, want: time.Date(2014, 10, 4, 15, 30, 0, 0, time.UTC)},

		{name: "New York gap", in: "2014-03-09T02:30", loc: ny, err: `invalid time "2014-03-09T02:30": this local time does not exist in America/New_York (the clocks moved forward): write it with an offset`},
		{name: "local mean time in New York", in: "1850-01-10 12:00", loc: ny, err: `invalid time "1850-01-10 12:00": this local time is -04:56:02 from UTC in America/New_York (local mean time), an offset RFC 3339 cannot write: write it with an offset`},
		{name: "a date in local mean time", in: "0000-01-10", loc: ny, err: `invalid time "0000-01-10": this local time is -04:56:02 from UTC in America/New_York (local mean time), an offset RFC 3339 cannot write: write it with an offset`},
		{name: "New York fold", in: "2014-11-02 01:30", loc: ny, err: `invalid time "2014-11-02 01:30": this local time is ambiguous in America/New_York (the clocks moved back): write it with an offset, -04:00 or -05:00`},
		{name: "London gap", in: "2014-03-30 01:30", loc: london, err: `invalid time "2014-03-30 01:30": this local time does not exist in Europe/London (the clocks moved forward): write it with an offset`},
		{name: "London fold", in: "2014-10-26 01:00", loc: london, err: `invalid time "2014-10-26 01:00": this local time is ambiguous in Europe/London (the clocks moved back): write it with an offset, +01:00 or +00:00`},
		{name: "Lord Howe half-hour gap", in: "2014-10-05 02:15", loc: lordHowe, err: `invalid time "2014-10-05 02:15": this local time does not exist in Australia/Lord_Howe (the clocks moved forward): write it with an offset`},
		{name: "Lord Howe half-hour fold", in: "2015-04-05 01:45", loc: lordHowe, err: `invalid time "2015-04-05 01:45": this local time is ambiguous in Australia/Lord_Howe (the clocks moved back): write it with an offset, +11:00 or +10:30`},
		{name: "February 30", in: "2014-02-30", err: `invalid time "2014-02-30": February 2014 has 28 days`},
		{name: "February 29 in a common year", in: "2023-02-29T00:00:00Z", err: `invalid time "2023-02-29T00:00:00Z": February 2023 has 28 days`},
		{name: "month 13", in: "2014-13-01", err: `invalid time "2014-13-01": month 13 does not exist`},
		{name: "hour 24", in: "2014-04-18T24:00", err: `invalid time "2014-04-18T24:00": time of day out of range`},
		{name: "leap second", in: "2016-12-31T23:59:60Z", err: `invalid time "2016-12-31T23:59:60Z": time of day out of range`},
		{name: "offset out of range", in: "2014-04-18T10:32:00+24:00", err: `invalid time "2014-04-18T10:32:00+24:00": offset out of range`},
		{name: "offset without colon", in: "2014-04-18T10:32:00-0400", err: `invalid time "2014-04-18T10:32:00-0400": want the offset as "Z" or "±07:00"`},
		{name: "zone abbreviation", in: "2014-04-18 10:32 EDT", err: `invalid time "2014-04-18 10:32 EDT": want "Z" or an offset such as "-04:00" after the time of day`},
		{name: "text after the offset", in: "2014-04-18T10:32Zx", err: `invalid time "2014-04-18T10:32Zx": unexpected "x" after the offset`},
		{name: "US date", in: "04/18/2014", err: `invalid time "04/18/2014": want RFC 3339 ("2006-01-02T15:04:05Z07:00"), a local time ("2006-01-02 15:04") or a date ("2006-01-02")`},
		{name: "one-digit month", in: "2014-4-18", err: `invalid time "2014-4-18": want RFC 3339 ("2006-01-02T15:04:05Z07:00"), a local time ("2006-01-02 15:04") or a date ("2006-01-02")`},
		{name: "hour only", in: "2014-04-18T10", err: `invalid time "2014-04-18T10": want the time of day as "15:04" or "15:04:05"`},
		{name: "bad separator", in: "2014-04-18_10:32", err: `invalid time "2014-04-18_10:32": want "T" or a space after the date`},
		{name: "empty fraction", in: "2014-04-18T10:32:00.Z", err: `invalid time "2014-04-18T10:32:00.Z": want digits after the decimal point of the seconds`},
		{name: "ten fraction digits", in: "2014-04-18T10:32:00.1234567890Z", err: `invalid time "2014-04-18T10:32:00.1234567890Z": more than nine digits of fractional seconds`},
		{name: "empty", in: "", err: `invalid time "": want RFC 3339 ("2006-01-02T15:04:05Z07:00"), a local time ("2006-01-02 15:04") or a date ("2006-01-02")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTime(tt.in, tt.loc)
			if tt.err != "" {
				var perr *ParseError
				if !errors.As(err, &perr) || err.Error() != tt.err {
					t.Fatalf("ParseTime(%q) error = %v, want %s", tt.in, err, tt.err)
				}
				if perr.Input != tt.in || perr.Kind != "time" {
					t.Errorf("ParseError = %+v, want Input %q and Kind time", perr, tt.in)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseTime(%q): %v", tt.in, err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseTime(%q) = %v, want %v", tt.in, got, tt.want.UTC())
			}
			if name, _ := got.Zone(); tt.wantZone != "" && name != tt.wantZone {
				t.Errorf("ParseTime(%q) zone = %q, want %q", tt.in, name, tt.wantZone)
			}
		})
	}
}

// FuzzParseTime checks that ParseTime never panics, that errors quote the
// input, and that every time it accepts is read back the same from its RFC
// 3339 form and, when it was local, from its wall clock.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2014-04-18T14:32:00Z", "2014-04-18 10:32", "2014-11-02 01:30", "2014-03-09T02:30", "2024-02-29", "2014-04-18T10:32:00.123-04:00", "2014-02-30"} {
		f.Add(s, "America/New_York")
	}
	f.Add("2014-10-05 02:15", "Australia/Lord_Howe")
	f.Add("2025-01-01 00:00", "Pacific/Kiritimati")
	f.Fuzz(func(t *testing.T, s, zone string) {
		loc, err := loadZone(zone)
		if err != nil {
			loc = time.UTC
		}
		got, err := ParseTime(s, loc)
		if err != nil {
			var perr *ParseError
			if !errors.As(err, &perr) || perr.Input != s {
				t.Fatalf("ParseTime(%q) error %v does not carry the input", s, err)
			}
			return
		}
		back, err := ParseTime(got.Format(time.RFC3339Nano), loc)
		if err != nil || !back.Equal(got) {
			t.Fatalf("ParseTime(%q) = %v; its RFC 3339 form reads back as %v, %v", s, got, back, err)
		}
		if len(s) >= 16 && !hasOffset(s[16:]) {
			wall := got.In(loc).Format("2006-01-02T15:04:05.999999999")
			back, err := ParseTime(wall, loc)
			if err != nil || !back.Equal(got) {
				t.Fatalf("ParseTime(%q) = %v; its wall clock %q reads back as %v, %v", s, got, wall, back, err)
			}
		}
	})
}

func hasOffset(s string) bool {
	for _, c := range s {
		if c == 'Z' || c == 'z' || c == '+' || c == '-' {
			return true
		}
	}
	return false
}

// FuzzTimeReader checks TimeReader.Parse against ParseTime (the same
// time, zone included, or the same error) after the reader has read other
// instants in the zone (so that it answers from the stretches it
// remembers), and checks the instants both return, with "Z" or an offset
// and seconds, against what time.Parse reads and the zone rule of
// ParseTime worked out with time.Date: in loc when loc has the offset at
// that instant, else in UTC for a zero offset, else in a zone of that
// offset.
func FuzzTimeReader(f *testing.F) {
	for _, s := range []string{"2025-01-17T08:31:12Z", "2025-03-30T01:00:00Z", "2025-03-30T00:59:59.999999999Z", "2024-05-16T02:14:42.632805+02:00", "2014-04-18T10:32:00-04:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999+23:59", "2014-11-02 01:30", "2024-02-29", "1850-01-10T12:00:00-04:56"} {
		f.Add(s, "Europe/Berlin", int64(0))
		f.Add(s, "America/New_York", int64(-3600))
	}
	f.Add("2014-10-05T02:15:00+10:30", "Australia/Lord_Howe", int64(1))
	f.Add("2025-01-01T00:00:00+14:00", "Pacific/Kiritimati", int64(86400))
	f.Add("2025-01-01T00:00:00Z", "UTC", int64(86400))
	f.Fuzz(func(t *testing.T, s, zone string, shift int64) {
		loc, err := loadZone(zone)
		if err != nil {
			loc = time.UTC
		}
		want, wantErr := ParseTime(s, loc)
		var r TimeReader
		// Instants around want (or any) first, then s, twice.
		base := time.Date(2025, 1, 17, 8, 31, 12, 0, time.UTC)
		if wantErr == nil {
			base = want
		}
		for _, d := range []int64{shift, -shift, 180 * 86400, -86400, 0} {
			w := base.Add(time.Duration(d%(400*86400)) * time.Second)
			_, _ = r.Parse(w.Format(time.RFC3339Nano), loc)
		}
		for range 2 {
			got, err := r.Parse(s, loc)
			if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				t.Fatalf("Parse(%q, %v) error %v, ParseTime's %v", s, loc, err, wantErr)
			}
			if !sameTime(got, want) {
				t.Fatalf("Parse(%q, %v) = %v (%v), ParseTime's %v (%v)", s, loc, got, got.Location(), want, want.Location())
			}
		}
		if wantErr != nil || len(s) < 20 || s[16] != ':' || !hasOffset(s[19:]) {
			return
		}
		// An instant with seconds: time.Parse reads it too.
		norm := []byte(s)
		norm[10] = 'T'
		if c := norm[len(norm)-1]; c == 'z' {
			norm[len(norm)-1] = 'Z'
		}
		ref, err := time.Parse(time.RFC3339Nano, string(norm))
		if err != nil {
			return // forms time.Parse refuses: year 0000, ...
		}
		_, offset := ref.Zone()
		exp := time.Date(ref.Year(), ref.Month(), ref.Day(), ref.Hour(), ref.Minute(), ref.Second(), ref.Nanosecond(), time.UTC).Add(-time.Duration(offset) * time.Second)
		switch _, o := exp.In(loc).Zone(); {
		case o == offset:
			exp = exp.In(loc)
		case offset != 0:
			exp = exp.In(time.FixedZone("", offset))
		}
		if !sameTime(want, exp) {
			t.Fatalf("ParseTime(%q, %v) = %v (%v), want %v (%v)", s, loc, want, want.Location(), exp, exp.Location())
		}
	})
}

// sameTime reports whether a and b are the same time.Time: the same
// instant in the same zone (the same *time.Location, or for zones made by
// time.FixedZone, the same name and offset).
func sameTime(a, b time.Time) bool {
	if a == b {
		return true
	}
	fixed := func(t time.Time) bool { return t.Location().String() == "" }
	_, ao := a.Zone()
	_, bo := b.Zone()
	return fixed(a) && fixed(b) && ao == bo && a.In(time.UTC) == b.In(time.UTC)
}

// TestTimeReaderManyZones checks TimeReader.Parse against ParseTime over
// more zones than it remembers (the same names loaded again are other
// zones) and instants over fifty years, in random order, so that zones
// take each other's slots and stretches replace each other.
func TestTimeReaderManyZones(t *testing.T) {
	var locs []*time.Location
	for range 25 {
		for _, name := range []string{"Europe/Berlin", "Australia/Lord_Howe", "America/Sao_Paulo"} {
			locs = append(locs, mustZone(t, name))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	offsets := []string{"Z", "+01:00", "+02:00", "-03:00", "+10:30", "+11:00"}
	var r TimeReader
	for range 20000 {
		loc := locs[rng.IntN(len(locs))]
		at := time.Unix(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).Unix()+rng.Int64N(50*365*86400), 0).UTC()
		s := at.Format("2006-01-02T15:04:05") + offsets[rng.IntN(len(offsets))]
		want, wantErr := ParseTime(s, loc)
		got, err := r.Parse(s, loc)
		if wantErr != nil || err != nil || !sameTime(got, want) {
			t.Fatalf("Parse(%q, %v) = %v (%v), %v; ParseTime's %v (%v), %v", s, loc, got, got.Location(), err, want, want.Location(), wantErr)
		}
	}
}

// BenchmarkParseTime reads instants as a subscriptions file holds them
// (each at its own second, "Z", with and without milliseconds) in a zone
// that is not UTC, with ParseTime and with a TimeReader.
func BenchmarkParseTime(b *testing.B) {
	loc := mustZone(b, "Europe/Berlin")
	rng := rand.New(rand.NewPCG(5, 6))
	var in []string
	for i := range 1024 {
		at := time.Unix(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()+rng.Int64N(2*365*86400), int64(rng.IntN(1000))*1e6).UTC()
		layout := "2006-01-02T15:04:05Z07:00"
		if i%2 == 1 {
			layout = "2006-01-02T15:04:05.000Z07:00"
		}
		in = append(in, at.Format(layout))
	}
	b.Run("ParseTime", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := ParseTime(in[i%len(in)], loc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("TimeReader", func(b *testing.B) {
		var r TimeReader
		for i := 0; b.Loop(); i++ {
			if _, err := r.Parse(in[i%len(in)], loc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
