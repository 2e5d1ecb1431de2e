package credit

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// TestPlanZone checks subsReader.planZone against the zones map it caches,
// over plans that share their length and first and last eight bytes
// (one slot of the cache), short plans, unknown plans and the empty one, in
// random order.
func TestPlanZone(t *testing.T) {
	locs := []*time.Location{nil, time.UTC, time.FixedZone("A", 3600), time.FixedZone("B", -7200)}
	zones := map[string]*time.Location{}
	var plans []string
	for i := range 600 {
		p := fmt.Sprintf("plan-%03d-eur", i)
		switch i % 3 {
		case 1:
			p = fmt.Sprintf("planplan%03dusdusdus", i) // same first and last 8 bytes
		case 2:
			p = strconv.Itoa(i) // shorter than 8 bytes
		}
		plans = append(plans, p, p+"?") // known, unknown
		zones[p] = locs[i%len(locs)]
	}
	plans = append(plans, "")
	sr := &subsReader{zones: zones}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		p := plans[rng.IntN(len(plans))]
		wz, wk := zones[p]
		if z, k := sr.planZone([]byte(p)); z != wz || k != wk {
			t.Fatalf("planZone(%q) = %v, %v; zones has %v, %v", p, z, k, wz, wk)
		}
	}
}
