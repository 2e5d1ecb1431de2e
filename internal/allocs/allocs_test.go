package allocs

import "testing"

var sink []byte

func TestBytes(t *testing.T) {
	if n := Bytes(func() { sink = make([]byte, 1<<20) }); n < 1<<20 || n > 1<<20+1<<16 {
		t.Errorf("a 1 MiB slice counted %d bytes", n)
	}
	// Nothing allocated counts (nearly) nothing: the collection before the
	// count leaves earlier garbage out. The race detector's runtime
	// allocates a few KiB of its own around ReadMemStats, hence 64 KiB,
	// still far below the 1 MiB a leak of earlier garbage would add.
	if n := Bytes(func() {}); n > 1<<16 {
		t.Errorf("nothing counted %d bytes", n)
	}
}
