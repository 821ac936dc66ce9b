"""address-types-sweep.py OUTDIR: every device of corpus-address-types with every address type on
i686 (pc, q35), ppc64le pseries and riscv64 virt, the architectures that corpus leaves out.
"""
import importlib.util, itertools, os, sys
spec = importlib.util.spec_from_file_location('g', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'corpus-address-types', 'gen-address-types.py'))
g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g)
out = sys.argv[1]
machines = {'i686pc': ('i686', 'pc-i440fx-7.2'), 'i686q35': ('i686', 'pc-q35-7.2'),
            'le': ('ppc64le', 'pseries-7.2'), 'rv': ('riscv64', 'virt')}
devs = dict(g.devs); devs.update(g.devs_c)
addrs = dict(g.addrs); addrs.update(g.addrs_c)
n = 0
for (dn, d), (an, a), (mn, (arch, m)) in itertools.product(devs.items(), addrs.items(), machines.items()):
    if not d: continue
    g.write(out, f"at-{mn}-{dn}-{an}", arch, m, d.replace("{A}", a))
    n += 1
print(n)
