export interface Agency {
  id: string;
  name: string;
  sector: string;
  disabled: boolean;
  version: number;
}

export interface Sector {
  code: string;
  nameVi: string;
  nameEn: string;
}
