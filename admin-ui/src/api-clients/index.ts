import ApiClientIcon from '@mui/icons-material/Key';
import type { ApiClientRow } from '../types';
import { ApiClientCreate } from './ApiClientCreate';
import { ApiClientEdit } from './ApiClientEdit';
import { ApiClientList } from './ApiClientList';
import { ApiClientShow } from './ApiClientShow';

/** API clients with their scopes and keys (admins only, registered in App for admins). */
export default {
  list: ApiClientList,
  create: ApiClientCreate,
  show: ApiClientShow,
  edit: ApiClientEdit,
  icon: ApiClientIcon,
  recordRepresentation: (client: ApiClientRow) => client.name,
};
