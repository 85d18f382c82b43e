"""Every write of the performance cycle (STYLE.md): keyword-only arguments, the acting
``pmm.actors.Actor`` as ``actor``, one transaction each, the row locked before its status is read,
a ``Riwayat`` row per transition and the e-mail queued after commit.

Modules: ``perencanaan`` (the five-step plan, submit/approve/return/agree, delegation),
``pelaksanaan`` (observation cycle, evidence, school documents), ``penilaian`` (ratings, Kirim ke
Dinas Pendidikan, Predikat Kinerja Organisasi, penetapan), ``atasan`` (who approves, observes and
rates whom), ``laporan`` (the PDF of a teacher's evaluation), ``notifikasi`` (the e-mails).
"""
