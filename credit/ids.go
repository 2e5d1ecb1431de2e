package credit

import "github.com/outagekit/postmortem/internal/fixed"

// Duplicate ids. A subscriptions file lists each subscription once; a
// repeated id is refused (the second row and every later one), because
// crediting a subscription twice in a run is the error the idempotency key
// cannot always catch (two rows of one id with different active ranges get
// different keys).
//
// Remembering every id exactly would make memory grow with the file: 8
// bytes per id at least, 80 MB for ten million. idSet instead remembers a
// 56-bit hash of each id and keeps memory flat:
//
//   - up to smallIDs ids, a map from the 64-bit hash of each id to its line,
//     so the error names the line of the first occurrence;
//   - beyond, a fixed table of 2^24 slots of 32-bit fingerprints (64 MiB,
//     allocated once, pages touched as ids arrive) with linear probing,
//     where the slot an id starts probing at holds 24 more bits of its
//     hash. The error then says that an earlier row has the same id,
//     without its line. The table holds up to 12.5 million ids at three
//     quarters full; past that another table is added (memory then grows
//     by 64 MiB per 12.5 million ids: shard runs that large with -shard).
//
// The tables live outside the garbage-collected heap (an anonymous memory
// mapping on Unix systems) and are released when the file has been read:
// on the heap, 64 MiB without a pointer would only double the collector's
// heap goal, and let as much garbage pile up before each collection, so
// the peak memory of a run would grow with the file after all.
//
// A different id can be mistaken for a duplicate only when it shares the
// fingerprint of an id in its probe sequence (or, in the small phase, its
// whole 64-bit hash): about 4·10⁻¹⁰ per row at ten million ids, so less
// than one refused row in a hundred runs of ten million. Such a row is
// refused with its reason like any other, listed with the rejects and
// counted in the summary: never dropped silently.

const (
	// smallIDs is how many ids are remembered exactly, with their lines.
	smallIDs = 1 << 16
	// tableBits is log2 of the number of slots of a fingerprint table.
	tableBits = 24
	// tableMax is how many ids a table takes before another is added.
	tableMax = 3 << (tableBits - 2)
)

// idSet is the set of the ids of a file seen so far. The zero idSet is
// empty and ready to use.
type idSet struct {
	small    map[uint64]int
	tables   [][]uint32
	releases []func()
	n        int    // ids in the last table
	sink     uint32 // what touch reads
	hashes   []uint64
}

// mixHash spreads the bits of an FNV-1a hash (whose high bits vary little
// between short ids that differ in their last characters).
func mixHash(x uint64) uint64 { return fixed.Mix64(x) }

// add records the id whose FNV-1a hash is h, read on line line. When the
// id was seen before it returns true and the line of the first occurrence,
// or 0 when that line is no longer known.
func (s *idSet) add(h uint64, line int) (dup bool, first int) {
	h = mixHash(h)
	if s.tables == nil {
		if s.small == nil {
			s.small = make(map[uint64]int)
		}
		if first, ok := s.small[h]; ok {
			return true, first
		}
		if len(s.small) < smallIDs {
			s.small[h] = line
			return false, 0
		}
		// Move to the fingerprint table.
		s.grow()
		for k := range s.small {
			s.insert(k)
		}
		s.small = nil
	}
	home, fp := slotOf(h)
	mask := uint64(1<<tableBits - 1)
	for _, t := range s.tables {
		for i := home; t[i] != 0; i = (i + 1) & mask {
			if t[i] == fp {
				return true, 0
			}
		}
	}
	if s.n >= tableMax {
		s.grow()
	}
	s.insert(h)
	return false, 0
}

// grow adds an empty fingerprint table.
func (s *idSet) grow() {
	t, release := newTable()
	s.tables = append(s.tables, t)
	s.releases = append(s.releases, release)
	s.n = 0
}

// release frees the fingerprint tables; the set is then empty.
func (s *idSet) release() {
	for _, r := range s.releases {
		r()
	}
	*s = idSet{}
}

// slotOf returns the slot a mixed hash starts probing at and its
// fingerprint (never 0, which marks an empty slot).
func slotOf(h uint64) (home uint64, fp uint32) {
	home, fp = h>>(64-tableBits), uint32(h)
	if fp == 0 {
		fp = 1
	}
	return home, fp
}

// insert puts mixed hash h in the last table.
func (s *idSet) insert(h uint64) {
	t := s.tables[len(s.tables)-1]
	home, fp := slotOf(h)
	mask := uint64(1<<tableBits - 1)
	i := home
	for t[i] != 0 {
		i = (i + 1) & mask
	}
	t[i] = fp
	s.n++
}

// touch reads the slots the ids with FNV-1a hashes hs start probing at, one
// after the other without depending on each other, so that their memory
// is fetched in parallel before add probes them one by one.
func (s *idSet) touch(hs []uint64) {
	if len(s.tables) == 0 {
		return
	}
	t := s.tables[len(s.tables)-1]
	var sum uint32
	for _, h := range hs {
		home, _ := slotOf(mixHash(h))
		sum += t[home]
	}
	s.sink += sum
}
