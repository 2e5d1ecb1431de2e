package main

func runDemo(e *env, args []string) error   { return usagef("not yet") }
