package credit

import (
	"bytes"
	"encoding/hex"
	"golang.org/x/text/currency"
	"strings"
	"testing"
	"time"
)

func TestKey(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	start, end := date(2014, time.April, 1, ny), date(2014, time.May, 1, ny)
	line := func(edit func(*Line)) string {
		l := Line{
			Subscription: "sub-0001", Policy: "seed-monthly-new-york", PolicyVersion: "2014-04",
			WindowStart: start, WindowEnd: end, Currency: currency.USD,
			Due: dec("0.56"), IssuedBefore: dec("0.28"), IssuedEntries: 1, Amount: dec("0.28"),
			Incidents: []string{"a", "b"},
		}
		if edit != nil {
			edit(&l)
		}
		return Key(&l)
	}
	base := line(nil)
	// The key is a contract with billing systems that refuse duplicates: it
	// must not change between releases. This value was computed outside Go
	// from the documented encoding (Python hashlib over the length-prefixed
	// fields "postmortem/credit-key/v2", the policy, "2014-04-01T04:00:00Z",
	// "2014-05-01T04:00:00Z", "USD", "sub-0001", "0.56", "0.28", "0.28",
	// "1").
	if want := "6f14b5dff95196ebd117f45f6134acc4"; base != want {
		t.Errorf("key = %s, want %s (a changed encoding re-issues every credit)", base, want)
	}
	tests := []struct {
		name string
		key  string
		same bool
	}{
		{"window in utc", line(func(l *Line) { l.WindowStart, l.WindowEnd = start.UTC(), end.UTC() }), true},
		{"other incidents", line(func(l *Line) { l.Incidents = []string{"c"} }), true},
		{"other policy version", line(func(l *Line) { l.PolicyVersion = "2014-05" }), true},
		{"amounts written with more places", line(func(l *Line) { l.Due, l.Amount = dec("0.560"), dec("0.2800") }), true},
		{"other subscription", line(func(l *Line) { l.Subscription = "sub-0002" }), false},
		{"other policy", line(func(l *Line) { l.Policy = "other" }), false},
		{"other window", line(func(l *Line) { l.WindowStart, l.WindowEnd = end, end.AddDate(0, 1, 0) }), false},
		{"other currency", line(func(l *Line) { l.Currency = currency.EUR }), false},
		{"other due", line(func(l *Line) { l.Due, l.Amount = dec("0.57"), dec("0.29") }), false},
		{"other issued", line(func(l *Line) { l.IssuedBefore, l.Amount = dec("0.27"), dec("0.29") }), false},
		{"other amount (reversed, not kept)", line(func(l *Line) { l.Due, l.Amount = dec("0.00"), dec("-0.28") }), false},
		{"more entries for the same sum", line(func(l *Line) { l.IssuedEntries = 3 }), false},
		{"fields do not run together", line(func(l *Line) { l.Subscription, l.Policy = "sub-0001seed", "-monthly-new-york" }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if (tt.key == base) != tt.same {
				t.Errorf("key %s vs %s: same = %v, want %v", tt.key, base, tt.key == base, tt.same)
			}
			if len(tt.key) != KeyLength {
				t.Errorf("key %q has length %d", tt.key, len(tt.key))
			}
		})
	}
}

func TestSummaryMerge(t *testing.T) {
	c := demoCalculator(t)
	var subs []Subscription
	for sub, err := range ReadSubscriptions(openTestdata(t, "subscriptions", "demo.csv"), ReadOptions{Zones: c.Zones()}) {
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
	}
	var whole, a, b Summary
	for i, sub := range subs {
		lines, err := c.Credit(sub)
		if err != nil {
			t.Fatal(err)
		}
		part := &a
		if i%2 == 1 {
			part = &b
		}
		for j := range lines {
			whole.Add(&lines[j])
			part.Add(&lines[j])
		}
	}
	whole.Reject(&RowError{})
	b.Reject(&RowError{})
	a.Merge(&b)
	if diff := cmpDiff(whole, a); diff != "" {
		t.Errorf("merged shards differ from the whole run (-whole +merged):\n%s", diff)
	}
}

// TestKeyHasher checks the keys of the batch path (a SHA-256 state per
// window) against Key, for window encodings of every length around the
// 64-byte blocks.
func TestKeyHasher(t *testing.T) {
	start := time.Date(2014, time.April, 1, 4, 0, 0, 0, time.UTC)
	k := newKeyHasher()
	for n := range 140 {
		policy := strings.Repeat("p", n)
		win := appendKeyWindow(nil, policy, start, start.AddDate(0, 1, 0), currency.USD)
		wk := newWindowKey(win)
		// A state that does not restore: the key is hashed from the start.
		broken := wk
		broken.state = []byte("not a SHA-256 state")
		for _, tc := range []struct {
			sub string
			s   settlement
		}{
			{"sub-0001", settle(number{units: 56, places: 2}, 28, 2, 1, Keep)},
			{"", settle(number{places: 2}, 0, 2, 0, Keep)},
			{strings.Repeat("s", n), settle(number{units: 28, places: 2}, 56, 2, 3, Reverse)},
		} {
			l := Line{Policy: policy, WindowStart: start, WindowEnd: start.AddDate(0, 1, 0), Currency: currency.USD, Subscription: tc.sub,
				Due: tc.s.due.decimal(), IssuedBefore: tc.s.issued.decimal(), IssuedEntries: tc.s.entries, Amount: tc.s.amount.decimal()}
			want := Key(&l)
			got := k.appendKey(nil, &wk, []byte(tc.sub), tc.s.appendKey(nil, 2))
			if string(got) != want {
				t.Fatalf("policy of %d bytes, sub %q: key %s, Key gives %s", n, tc.sub, got, want)
			}
			got = k.appendKey(nil, &broken, []byte(tc.sub), tc.s.appendKey(nil, 2))
			if string(got) != want {
				t.Fatalf("policy of %d bytes, sub %q, state not restored: key %s, Key gives %s", n, tc.sub, got, want)
			}
		}
	}
}

// FuzzAppendHex checks appendHex against encoding/hex.
func FuzzAppendHex(f *testing.F) {
	f.Add([]byte{}, []byte("x"))
	f.Add([]byte{0x00, 0x09, 0x0a, 0x0f, 0x10, 0x90, 0xa0, 0xf0, 0xff}, []byte(nil))
	f.Add([]byte("0123456789abcdef"), []byte("key,"))
	f.Fuzz(func(t *testing.T, b, before []byte) {
		want := hex.AppendEncode(bytes.Clone(before), b)
		if got := appendHex(bytes.Clone(before), b); !bytes.Equal(got, want) {
			t.Errorf("appendHex(%q, %x) = %q, want %q", before, b, got, want)
		}
	})
}

// TestAppendHexEveryByte puts every byte value at every position of a
// key's 16 bytes.
func TestAppendHexEveryByte(t *testing.T) {
	for pos := range KeyLength / 2 {
		for v := range 256 {
			b := make([]byte, KeyLength/2)
			b[pos] = byte(v)
			if got, want := string(appendHex(nil, b)), hex.EncodeToString(b); got != want {
				t.Fatalf("appendHex(%x) = %s, want %s", b, got, want)
			}
		}
	}
}
