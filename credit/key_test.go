package credit

import (
	"strings"
	"testing"
	"time"
)

func TestKey(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	start, end := date(2014, time.April, 1, ny), date(2014, time.May, 1, ny)
	base := Key("seed-monthly-new-york", "2014-04", start, end, "sub-0001", []string{"b", "a"})
	// The key is a contract with billing systems that refuse duplicates: it
	// must not change between releases. This value was computed outside Go
	// from the documented encoding (Python hashlib over the length-prefixed
	// fields "postmortem/credit-key/v1", the policy, "2014-04",
	// "2014-04-01T04:00:00Z", "2014-05-01T04:00:00Z", "sub-0001", "a", "b").
	if want := "9c54194ce4eceb27e240f0c8482ffa5d"; base != want {
		t.Errorf("key = %s, want %s (a changed encoding re-issues every credit)", base, want)
	}
	tests := []struct {
		name string
		key  string
		same bool
	}{
		{"window in utc", Key("seed-monthly-new-york", "2014-04", start.UTC(), end.UTC(), "sub-0001", []string{"b", "a"}), true},
		{"incidents in another order", Key("seed-monthly-new-york", "2014-04", start, end, "sub-0001", []string{"a", "b"}), true},
		{"duplicate incident", Key("seed-monthly-new-york", "2014-04", start, end, "sub-0001", []string{"a", "b", "a"}), true},
		{"other subscription", Key("seed-monthly-new-york", "2014-04", start, end, "sub-0002", []string{"a", "b"}), false},
		{"other policy version", Key("seed-monthly-new-york", "2014-05", start, end, "sub-0001", []string{"a", "b"}), false},
		{"other policy", Key("other", "2014-04", start, end, "sub-0001", []string{"a", "b"}), false},
		{"other window", Key("seed-monthly-new-york", "2014-04", end, end.AddDate(0, 1, 0), "sub-0001", []string{"a", "b"}), false},
		{"fewer incidents", Key("seed-monthly-new-york", "2014-04", start, end, "sub-0001", []string{"a"}), false},
		{"fields do not run together", Key("seed-monthly-new-york", "2014-04", start, end, "sub-0001a", []string{"", "b"}), false},
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
		win := appendKeyWindow(nil, policy, "v1", start, start.AddDate(0, 1, 0))
		wk := newWindowKey(win)
		// A state that does not restore: the key is hashed from the start.
		broken := wk
		broken.state = []byte("not a SHA-256 state")
		for _, tc := range []struct {
			sub  string
			incs []string
		}{{"sub-0001", []string{"constant-contact-2014-04-18"}}, {"", nil}, {strings.Repeat("s", n), []string{"b", "a", "b"}}} {
			want := Key(policy, "v1", start, start.AddDate(0, 1, 0), tc.sub, tc.incs)
			got := k.appendKey(nil, &wk, []byte(tc.sub), appendKeyIncidents(nil, tc.incs))
			if string(got) != want {
				t.Fatalf("policy of %d bytes, sub %q: key %s, Key gives %s", n, tc.sub, got, want)
			}
			got = k.appendKey(nil, &broken, []byte(tc.sub), appendKeyIncidents(nil, tc.incs))
			if string(got) != want {
				t.Fatalf("policy of %d bytes, sub %q, state not restored: key %s, Key gives %s", n, tc.sub, got, want)
			}
		}
	}
}
