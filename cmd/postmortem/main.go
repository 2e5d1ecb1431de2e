// Command postmortem runs the postmortem pipeline from files: incident →
// SLA results → credits → report. Run "postmortem -h" for the commands, and
// "postmortem demo" to see the whole pipeline on the embedded seed incident.
//
// # Exit status
//
//	0    success
//	1    invalid input (every problem is printed with its file, line and
//	     field), rejected subscription rows (unless -allow-rejects), or a
//	     file that could not be read or written
//	2    bad usage: unknown command or flag, missing or conflicting flags
//	3    internal error: a bug; the message says so, no stack trace is shown
//	130  interrupted (Ctrl-C, or SIGTERM, SIGHUP or SIGQUIT): nothing
//	     half-written and no temporary file is left behind
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // zones work on machines without a tz database
)

// stopSignals are the signals that interrupt a run.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs the command line args (without the program name) and returns the
// exit status. Ctrl-C (SIGINT), SIGTERM, SIGHUP (the terminal closed) and
// SIGQUIT cancel the run's context, so that the command drops its
// temporary files before it exits.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	return runContext(ctx, args, stdin, stdout, stderr)
}
