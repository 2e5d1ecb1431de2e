package credit

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"testing"
)

func TestIDSet(t *testing.T) {
	var s idSet
	id := func(i int) uint64 { return fnv1a("sub-" + strconv.Itoa(i)) }
	const n = smallIDs + 50000 // past the small phase into the fingerprint table
	for i := range n {
		if dup, _ := s.add(id(i), i+2); dup {
			t.Fatalf("id %d of %d distinct ids taken for a duplicate", i, n)
		}
	}
	tests := []struct {
		name      string
		i         int
		wantFirst int
	}{
		{"first id", 0, 0},
		{"last id of the small phase", smallIDs - 1, 0},
		{"an id of the table phase", n - 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dup, first := s.add(id(tt.i), n+10)
			if !dup || first != tt.wantFirst {
				t.Errorf("add(id %d again) = %v, %d; want true, %d", tt.i, dup, first, tt.wantFirst)
			}
		})
	}
	if len(s.tables) != 1 || s.small != nil || s.n != n {
		t.Errorf("%d tables, small map %v, %d ids in the table; want 1, nil, %d", len(s.tables), s.small != nil, s.n, n)
	}
}

func TestIDSetSmallPhaseLines(t *testing.T) {
	var s idSet
	s.add(fnv1a("a"), 2)
	s.add(fnv1a("b"), 3)
	if dup, first := s.add(fnv1a("a"), 9); !dup || first != 2 {
		t.Errorf("add(a again) = %v, %d; want true, 2", dup, first)
	}
}

func TestShard(t *testing.T) {
	tests := []struct {
		in      string
		want    Shard
		wantErr bool
	}{
		{"0/1", Shard{0, 1}, false},
		{"3/4", Shard{3, 4}, false},
		{"4/4", Shard{}, true},
		{"-1/4", Shard{}, true},
		{"1/0", Shard{}, true},
		{"0/0", Shard{}, true}, // the zero Shard is "all", not a shard of a run
		{"1", Shard{}, true},
		{"a/b", Shard{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseShard(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseShard(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err == nil && got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
	// Every id is in exactly one shard; shards are about even.
	const n, ids = 5, 20000
	counts := make([]int, n)
	for i := range ids {
		id := fmt.Sprintf("s%012x", i*7919)
		in := 0
		for k := range n {
			if (Shard{k, n}).Contains(id) {
				in++
				counts[k]++
			}
		}
		if in != 1 {
			t.Fatalf("id %q is in %d shards", id, in)
		}
		// The split any program can compute: hash/fnv's FNV-1a, mod n.
		h := fnv.New64a()
		h.Write([]byte(id))
		if !(Shard{int(h.Sum64() % n), n}).Contains(id) {
			t.Fatalf("id %q: not in shard FNV-1a mod %d", id, n)
		}
	}
	for k, c := range counts {
		if c < ids/n*9/10 || c > ids/n*11/10 {
			t.Errorf("shard %d/%d holds %d of %d ids", k, n, c, ids)
		}
	}
	if !(Shard{}).Contains("x") || (Shard{}).String() != "all" {
		t.Error("the zero Shard does not select every id")
	}
}

// BenchmarkIDSet adds a million distinct ids to a fresh set per operation.
func BenchmarkIDSet(b *testing.B) {
	hashes := make([]uint64, 1_000_000)
	for i := range hashes {
		hashes[i] = fnv1a(fmt.Sprintf("s%012x", mixHash(uint64(i))&(1<<48-1)))
	}
	for b.Loop() {
		var s idSet
		for i, h := range hashes {
			if dup, _ := s.add(h, i); dup {
				b.Fatal("duplicate")
			}
		}
		s.release()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(hashes)), "ns/id")
}
