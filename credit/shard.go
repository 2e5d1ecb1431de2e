package credit

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard selects the subscriptions of one of Count shards of a run: those
// whose ID hashes to Index. The hash is FNV-1a (64-bit) of the ID's bytes,
// as written in the file, taken modulo Count: any program can compute the
// same split. The Count runs of 0/Count … Count-1/Count, run
// anywhere, credit every subscription exactly once; their lines together
// are the lines of the whole run and their summaries merge (Summary.Merge)
// into its summary. Rows refused before their ID can be read (bad quoting,
// a wrong number of fields) belong to shard 0; all the rows of one ID,
// duplicates included, belong to the same shard, so duplicate ids are found
// in sharded runs too.
//
// The zero Shard selects every subscription. Shard is a plain value: safe
// for concurrent use.
type Shard struct {
	Index, Count int
}

// ParseShard parses "i/n", 0 ≤ i < n, the form of the -shard flag. "0/0"
// is refused: it would be the zero Shard, every subscription, which is
// not what a sharded run means.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	idx, err1 := strconv.Atoi(i)
	cnt, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want i/n, as in 0/4", s)
	}
	sh := Shard{idx, cnt}
	if err := sh.validate(); err != nil {
		return Shard{}, err
	}
	if cnt == 0 {
		return Shard{}, fmt.Errorf("shard %q: want at least one shard (n ≥ 1)", s)
	}
	return sh, nil
}

func (s Shard) validate() error {
	if s.Count < 0 || s.Count > 0 && (s.Index < 0 || s.Index >= s.Count) || s.Count == 0 && s.Index != 0 {
		return fmt.Errorf("shard %d/%d: want 0 ≤ index < count", s.Index, s.Count)
	}
	return nil
}

// String returns "i/n", or "all" for the zero Shard.
func (s Shard) String() string {
	if s.Count == 0 {
		return "all"
	}
	return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count)
}

// Contains reports whether the subscription with ID id belongs to s.
func (s Shard) Contains(id string) bool { return s.has(fnv1a(id)) }

// has reports whether the ID with FNV-1a hash h belongs to s.
func (s Shard) has(h uint64) bool {
	return s.Count <= 1 || h%uint64(s.Count) == uint64(s.Index)
}

// fnv1a returns the 64-bit FNV-1a hash of s's bytes: the hash of Shard,
// and of the duplicate-id check (see idSet).
func fnv1a[T string | []byte](s T) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
