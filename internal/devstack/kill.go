package devstack

import "syscall"

// Kill ends the child with SIGKILL — no shutdown, no cleanup, as a crash or an
// OOM kill would — and waits until it is gone. The fault tests use it.
func (p *Process) Kill() {
	if p.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	<-p.done
}
