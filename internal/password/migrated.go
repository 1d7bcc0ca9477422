package password

import "errors"

func newMigrated(name string, opts map[string]any) (scheme, error) {
	return nil, errors.New(name + ": to do")
}
