import ApiKeyIcon from '@mui/icons-material/Key';
import type { ApiKey } from '../types';
import { ApiKeyCreate } from './ApiKeyCreate';
import { ApiKeyList } from './ApiKeyList';

export default {
  list: ApiKeyList,
  create: ApiKeyCreate,
  icon: ApiKeyIcon,
  recordRepresentation: (apiKey: ApiKey) => apiKey.name,
};
