// Package allocs measures what a piece of code allocates, for tests that
// bound the cost of hostile inputs by allocations rather than by time,
// which depends on the machine's load.
package allocs

import "runtime"

// Bytes returns the bytes f allocates on the heap, after a collection
// that leaves earlier garbage out of the count. It is not safe to run
// beside other goroutines that allocate: their allocations count too.
func Bytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
