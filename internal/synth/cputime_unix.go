//go:build unix

package synth

import (
	"syscall"
	"time"
)

// CPUTime returns the CPU time (user + system, all threads) the process
// has used, or 0 where it is not measured: on a shared machine it counts
// the work done where wall time counts the waiting too.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
