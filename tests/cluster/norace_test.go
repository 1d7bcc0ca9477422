//go:build !race

package cluster

// raceEnabled: the tests run with the race detector, and acme is built
// with it.
const raceEnabled = false
