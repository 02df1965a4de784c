// Package liquid is shine's Liquid: github.com/osteele/liquid set up to
// read templates as Jekyll 4.3 (Ruby Liquid 5, lax mode) does, with
// Jekyll's tags (include, include_relative, link, post_url) and filters,
// and the standard tags osteele/liquid lacks.
//
// The filters follow Jekyll 4.3 output, including the odd corners: nil
// inputs, baseurl "/" and "", Ruby's to_s and inspect forms.
//
// A render records what it reads through the Recorder bound under
// RecorderKey, so the build can re-render only what an edit touched.
package liquid
