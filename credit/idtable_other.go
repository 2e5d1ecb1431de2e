//go:build !unix

package credit

// newTable returns a zeroed fingerprint table of 2^tableBits slots, on
// the heap on this system (see idSet).
func newTable() ([]uint32, func()) {
	return make([]uint32, 1<<tableBits), func() {}
}
