package main

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// userHZ is the unit of the CPU times of /proc/PID/stat: Linux reports
// them in USER_HZ ticks, 100 a second on every architecture it supports.
const userHZ = 100

// processCPU returns the CPU time, user and system, that the process pid
// has used so far, read from /proc; false where there is no /proc (then
// the report leaves the CPU column empty).
func processCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	return parseStat(b)
}

// parseStat reads utime and stime, fields 14 and 15 of a /proc/PID/stat
// line. The command name, field 2, is in parentheses and may hold spaces
// and parentheses: the fields are counted from the last ')'.
func parseStat(b []byte) (time.Duration, bool) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(b[i+1:]) // f[0] is field 3, the state
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(string(f[11]), 10, 64)
	stime, err2 := strconv.ParseInt(string(f[12]), 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * time.Second / userHZ, true
}

// cpuPerRequest is the server's CPU time per response of a run, 0 when
// unknown.
func (r result) cpuPerRequest() time.Duration {
	if r.cpu <= 0 || r.requests <= 0 {
		return 0
	}
	return r.cpu / time.Duration(r.requests)
}

// roundCPU shortens a CPU time per request: to 0.1µs under a millisecond
// (a token route's), else as round does (a bcrypt route's).
func roundCPU(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(100 * time.Nanosecond)
	}
	return round(d)
}
