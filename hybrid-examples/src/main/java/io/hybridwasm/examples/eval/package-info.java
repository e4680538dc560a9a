/** {@code hybrid eval vad}: the intelligent_vad guest scored on a labelled corpus in local, remote and hybrid modes. */
package io.hybridwasm.examples.eval;
