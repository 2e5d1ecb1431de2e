package credit

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestDateCache reads tens of thousands of dates in three zones, more than
// the cache's slots hold and in an order that meets each again after
// others took its slot, and bad dates among them, and compares every time
// and error with parseTime's.
func TestDateCache(t *testing.T) {
	zones := []*time.Location{time.UTC, mustZone(t, "America/New_York"), mustZone(t, "Asia/Kolkata")}
	var c dateCache
	rng := rand.New(rand.NewPCG(1, 2))
	day := time.Date(1990, time.January, 1, 0, 0, 0, 0, time.UTC)
	for i := range 200_000 {
		d := day.AddDate(0, 0, rng.IntN(40*365))
		text := d.Format(time.DateOnly)
		if i%1000 == 0 {
			text = fmt.Sprintf("%04d-02-30", d.Year()) // not a date
		}
		zone := zones[rng.IntN(len(zones))]
		got, gotErr := c.parse([]byte(text), zone)
		want, wantErr := parseTime(text, zone)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%s in %s: error %v, want %v", text, zone, gotErr, wantErr)
		}
		if !got.Equal(want) || got.Location() != want.Location() {
			t.Fatalf("%s in %s: %v, want %v", text, zone, got, want)
		}
	}
}

// TestDateCacheSameSlot reads one date in three zones that share its slot
// (fixed zones of different offsets, found among many by their slot), so
// that each entry of the slot holds the date's text in another zone than
// the one asked for: neither may be taken for it.
func TestDateCacheSameSlot(t *testing.T) {
	var c dateCache
	text := []byte("2014-04-16")
	bySlot := map[*[2]dateEntry][]*time.Location{}
	var zones []*time.Location
	for k := 0; len(zones) < 3; k++ {
		if k == 100_000 {
			t.Fatal("no three zones share a slot")
		}
		z := time.FixedZone(fmt.Sprintf("z%d", k), k%1440*60)
		slot := c.slot(text, z)
		bySlot[slot] = append(bySlot[slot], z)
		zones = bySlot[slot]
	}
	for _, zone := range []*time.Location{zones[0], zones[1], zones[2], zones[0], zones[2], zones[1]} {
		got, err := c.parse(text, zone)
		want, _ := parseTime(string(text), zone)
		if err != nil || !got.Equal(want) || got.Location() != want.Location() {
			t.Errorf("%s in %s: %v (%v), want %v", text, zone, got, err, want)
		}
	}
}
