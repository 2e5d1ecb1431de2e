package credit

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRunSourceError checks that an error of the input that is not a row
// problem (a dropped connection, an I/O error) ends Run with that error,
// after the lines of the subscriptions before it, while a *RowError is
// yielded and the run goes on.
func TestRunSourceError(t *testing.T) {
	c := seedCalculator(t)
	ny := mustZone(t, "America/New_York")
	since := date(2014, time.January, 1, ny)
	dropped := errors.New("conn closed")
	input := func(yield func(Subscription, error) bool) {
		_ = yield(Subscription{ID: "a", Plan: "email-starter", From: since}, nil) &&
			yield(Subscription{}, &RowError{Line: 3, Field: "quantity", Value: "x", Err: errors.New("bad")}) &&
			yield(Subscription{ID: "b", Plan: "email-starter", From: since}, nil) &&
			yield(Subscription{}, dropped) &&
			yield(Subscription{ID: "c", Plan: "email-starter", From: since}, nil)
	}
	var got []string
	var sum Summary
	var end error
	for l, err := range c.Run(context.Background(), input) {
		var re *RowError
		switch {
		case errors.As(err, &re):
			sum.Reject(re)
			got = append(got, "row: "+re.Error())
		case err != nil:
			if end != nil {
				t.Fatalf("Run yielded %v after the error that ended it, %v", err, end)
			}
			end = err
			got = append(got, "end: "+err.Error())
		default:
			sum.Add(&l)
			got = append(got, l.Subscription+" "+l.Amount.String())
		}
	}
	want := []string{"a 0.3", `row: line 3: quantity "x": bad`, "b 0.3", "end: conn closed"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("run (-want +got):\n%s", diff)
	}
	if !errors.Is(end, dropped) {
		t.Errorf("run ended with %v, want the source's error", end)
	}
	if sum.Rejected != 1 || sum.Read != 3 {
		t.Errorf("summary read %d, rejected %d; want 3 read (a, the bad row, b) and 1 rejected", sum.Read, sum.Rejected)
	}
}

// TestReadSubscriptionsIOError checks that a reader failing mid-file ends
// a Run over ReadSubscriptions with the read error, not a rejected row.
func TestReadSubscriptionsIOError(t *testing.T) {
	c := seedCalculator(t)
	gone := errors.New("disk gone")
	r := io.MultiReader(strings.NewReader("id,plan_id,active_from\ns1,email-starter,2014-01-01\n"), errReader{gone})
	var lines, rejects int
	var end error
	for _, err := range c.Run(context.Background(), ReadSubscriptions(r, ReadOptions{File: "s.csv", Zones: c.Zones()})) {
		var re *RowError
		switch {
		case errors.As(err, &re):
			rejects++
		case err != nil:
			end = err
		default:
			lines++
		}
	}
	if lines != 1 || rejects != 0 || !errors.Is(end, gone) {
		t.Errorf("lines %d, rejects %d, end %v; want 1 line, no reject and the read error", lines, rejects, end)
	}
}

// errReader fails every read with its error.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
