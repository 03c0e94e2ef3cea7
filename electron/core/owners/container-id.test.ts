/**
 * The container parsers on the texts each runtime writes. These machines run no container
 * runtime, so the cgroup lines and state files follow the layouts Docker, Podman, containerd
 * (Kubernetes) and CRI-O document; the host's own cgroup is read for real and names none.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labelNetns, parseNsLink } from '../sampler/netns-tables';
import { containerFromCgroup, containerdName, dockerFacts, parseDockerProxy, podmanName, shortId } from './container-id';

const ID = '3f2a1b9c0d12e4f56789abcdef0123456789abcdef0123456789abcdef012345';

describe('containerFromCgroup', () => {
  it('reads each runtime from cgroup v2 and v1 paths', () => {
    expect(containerFromCgroup(`0::/system.slice/docker-${ID}.scope\n`)).toEqual({ runtime: 'docker', id: ID });
    expect(containerFromCgroup(`12:pids:/docker/${ID}\n11:memory:/docker/${ID}\n`)).toEqual({ runtime: 'docker', id: ID });
    expect(containerFromCgroup(`0::/machine.slice/libpod-${ID}.scope/container\n`)).toEqual({ runtime: 'podman', id: ID });
    expect(containerFromCgroup(`0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope\n`)).toEqual({ runtime: 'podman', id: ID });
    expect(
      containerFromCgroup(`0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1234.slice/cri-containerd-${ID}.scope\n`),
    ).toEqual({ runtime: 'containerd', id: ID });
    expect(containerFromCgroup(`0::/kubepods/besteffort/pod0f1e2d3c-aaaa-bbbb-cccc-123456789abc/${ID}\n`)).toEqual({ runtime: 'containerd', id: ID });
    expect(containerFromCgroup(`0::/kubepods.slice/kubepods-pod1.slice/crio-${ID}.scope\n`)).toEqual({ runtime: 'cri-o', id: ID });
  });

  it('names no container for ordinary services, and this process', () => {
    expect(containerFromCgroup('0::/system.slice/nginx.service\n')).toBeNull();
    expect(containerFromCgroup('0::/docker/not-an-id\n')).toBeNull();
    expect(containerFromCgroup(readFileSync('/proc/self/cgroup', 'utf8'))).toBeNull();
  });
});

describe('runtime state', () => {
  it('reads Docker config.v2.json: the name without its slash, and each network address', () => {
    const config = JSON.stringify({ ID, Name: '/web', NetworkSettings: { Networks: { bridge: { IPAddress: '172.17.0.2' } } } });
    expect(dockerFacts(config)).toEqual({ name: 'web', addresses: ['172.17.0.2'] });
    expect(dockerFacts('{}')).toEqual({ name: null, addresses: [] });
  });

  it('reads Podman containers.json and containerd Kubernetes annotations', () => {
    expect(podmanName(JSON.stringify([{ id: 'other', names: ['x'] }, { id: ID, names: ['db'] }]), ID)).toBe('db');
    expect(podmanName('[]', ID)).toBeNull();
    const annotations = { 'io.kubernetes.cri.container-name': 'app', 'io.kubernetes.cri.sandbox-name': 'shop-7d9f' };
    expect(containerdName(JSON.stringify({ annotations }))).toBe('shop-7d9f/app');
    expect(containerdName('{}')).toBeNull();
  });

  it('reads docker-proxy arguments', () => {
    const args = ['/usr/bin/docker-proxy', '-proto', 'tcp', '-host-ip', '0.0.0.0', '-host-port', '8080', '-container-ip', '172.17.0.2', '-container-port', '80'];
    expect(parseDockerProxy(args)).toEqual({ proto: 'tcp', hostPort: 8080, containerIp: '172.17.0.2', containerPort: 80 });
    expect(parseDockerProxy(['/usr/bin/docker-proxy'])).toBeNull();
  });
});

describe('namespace labels', () => {
  it('says host-less namespaces by inode, containers by name and short id, or by id when the name is unreadable', () => {
    expect(parseNsLink('net:[4026531840]')).toBe(4026531840);
    expect(parseNsLink('mnt:[4026531840]')).toBeNull();
    expect(labelNetns(4026532281, null, null, 'eph-x')).toEqual({ inode: 4026532281, kind: 'netns', label: 'netns:4026532281', name: 'eph-x' });
    expect(labelNetns(7, { runtime: 'docker', id: ID }, 'web').label).toBe(`web (${shortId(ID)})`);
    expect(labelNetns(7, { runtime: 'podman', id: ID }, null)).toMatchObject({
      kind: 'container',
      label: 'container 3f2a1b9c0d12',
      container: { runtime: 'podman', id: ID, name: null },
    });
  });
});
