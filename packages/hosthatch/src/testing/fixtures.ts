/** A price for one billing cycle, before the currency is added. */
export interface FakePrice {
  /** Recurring price per cycle. */
  price: number;
  /** One-time setup fee. */
  setupfee: number;
}

/** One value of an optional feature in the fake's catalogue, with its price per cycle (none when free). */
export interface FakeFeatureValue {
  /** The value's id, as sent in `deployServer`'s `features` (a boolean or a numeric string). */
  id: string | boolean;
  /** Price per billing cycle id; absent for a value that costs nothing and lists no cycles. */
  prices?: Record<string, FakePrice>;
}

/** An optional feature in the fake's catalogue. */
export interface FakeFeature {
  /** Feature id, e.g. `ipv6`. */
  id: string;
  /** Display name. */
  name: string;
  /** The values it can take. */
  values: FakeFeatureValue[];
  /**
   * How `?prices` shows the values: an object keyed by value id (`true`, as HostHatch does for `ipv6`) or an
   * array (`false`, as for `additional-ipv4`). The seed's own example mixes both.
   */
  keyed: boolean;
}

/** A product in the fake's catalogue: the source of both views of `GET /api/v1/products`. */
export interface FakeProduct {
  /** Product id, e.g. `nvme-2gb`. */
  id: string;
  /** Display name. */
  name: string;
  /** Description, one item per line. */
  description: string;
  /** Location id -> in stock. */
  locations: Record<string, boolean>;
  /** Image ids that can be installed. */
  images: string[];
  /** Billing cycle id -> price. */
  cycles: Record<string, FakePrice>;
  /** Optional features. */
  features: FakeFeature[];
  /** Product ids a server of this product can be upgraded to. */
  upgrades: string[];
}

/** Display names of the images (servers show these, not the ids). */
export const IMAGE_NAMES: Readonly<Record<string, string>> = {
  almalinux8: "Alma Linux 8 64-bit",
  almalinux9: "Alma Linux 9 64-bit",
  ubuntu22: "Ubuntu 22.04 64-bit",
  ubuntu24: "Ubuntu 24.04 64-bit",
  centos7: "CentOS 7 64-bit",
  centosstream8: "CentOS Stream 8 64-bit",
  debian11: "Debian 11 64-bit",
  debian12: "Debian 12 64-bit",
  debian10: "Debian 10 64-bit",
  ubuntu20: "Ubuntu 20.04 64-bit",
  ubuntu18: "Ubuntu 18.04 64-bit",
};

const IMAGES = [
  "almalinux8",
  "ubuntu22",
  "centos7",
  "centosstream8",
  "debian11",
  "debian10",
  "ubuntu20",
  "ubuntu18",
  "debian12",
  "ubuntu24",
];

const ipv6 = (): FakeFeature => ({
  id: "ipv6",
  name: "IPv6",
  keyed: true,
  values: [
    { id: true, prices: { monthly: free, quarterly: free, annually: free } },
    { id: false }, // as in HostHatch's example: the "false" entry lists no billing cycles
  ],
});
const free: FakePrice = { price: 0, setupfee: 0 };

const additionalIpv4 = (): FakeFeature => ({
  id: "additional-ipv4",
  name: "Additional IPv4",
  keyed: false,
  values: [0, 1, 2, 3, 4].map((n) => ({
    id: String(n),
    prices: {
      monthly: { price: 2 * n, setupfee: 0 },
      quarterly: { price: 6 * n, setupfee: 0 },
      annually: { price: 24 * n, setupfee: 0 },
    },
  })),
});

const nvme = (
  gb: number,
  cores: string,
  disk: number,
  bw: number,
  monthly: number,
  setup: number,
  upgrades: string[],
) =>
  ({
    id: `nvme-${gb}gb`,
    name: `NVMe ${gb} GB`,
    description: `${cores}\n${gb} GB DDR4 RAM\n${disk} GB NVMe Storage\n${bw} TB bandwidth (${bw * 500}GB in HKG, TOK, SYD, SGP)`,
    locations: { AMS: true, STO: false, LON: true, ZRH: true, NYC: true, LAX: true, SGP: gb <= 8 },
    images: IMAGES.slice(0, 8),
    cycles: {
      monthly: { price: monthly, setupfee: setup },
      quarterly: { price: monthly * 3, setupfee: setup * 3 },
      ...(gb >= 8 ? { annually: { price: monthly * 11, setupfee: 0 } } : {}),
    },
    features: [ipv6(), additionalIpv4()],
    upgrades,
  }) satisfies FakeProduct;

/**
 * The fake's catalogue: NVMe plans from 2 to 16 GB (the 2 GB one as in HostHatch's example: 16 USD a month plus
 * a 4 USD setup fee, out of stock in STO) and a storage plan, with IPv6 and additional IPv4 addresses as features.
 */
export function fixtureProducts(): FakeProduct[] {
  return [
    nvme(2, "1 AMD EPYC Milan core (fair share)", 10, 1, 16, 4, ["nvme-4gb", "nvme-8gb", "nvme-16gb"]),
    nvme(4, "2 AMD EPYC Milan cores (fair share)", 20, 2, 24, 4, ["nvme-8gb", "nvme-16gb"]),
    nvme(8, "4 AMD EPYC Milan cores (fair share)", 40, 4, 40, 0, ["nvme-16gb"]),
    nvme(16, "6 AMD EPYC Milan cores (fair share)", 80, 6, 72, 0, []),
    {
      id: "storage-1tb",
      name: "Storage 1 TB",
      description: "1 AMD EPYC core (fair share)\n1 GB DDR4 RAM\n1 TB HDD Storage (RAID-10)\n2 TB bandwidth",
      locations: { AMS: true, STO: true, LON: false, ZRH: true },
      images: ["debian12", "ubuntu24", "almalinux9"],
      cycles: { monthly: { price: 10, setupfee: 0 }, annually: { price: 100, setupfee: 0 } },
      features: [ipv6()],
      upgrades: [],
    },
  ];
}

/** A fixture SSH key. */
export interface FakeKey {
  /** Key id. */
  id: number;
  /** Description. */
  description: string;
  /** The public key. */
  value: string;
}

/** The fake's fixture keys: ids 118 and 119, the ones HostHatch's deploy example sends in `ssh_keys`. */
export function fixtureKeys(): FakeKey[] {
  return [
    {
      id: 118,
      description: "deploy@ci",
      value: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0ZWFzdC1rZXktZm9yLWNpLW9ubHktMTE4 deploy@ci.example.com",
    },
    {
      id: 119,
      description: "ops laptop",
      value: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9wcy1sYXB0b3Ata2V5LWZha2UtMTE5 ops@laptop.example.com",
    },
  ];
}
