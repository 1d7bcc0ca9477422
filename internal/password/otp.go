package password

import "errors"

func newOTP(opts map[string]any) (scheme, error) { return nil, errors.New("otp: to do") }
