import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import { Bucket } from './metricFormat';

const OPTIONS: Array<{ value: Bucket; label: string }> = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
];

/** Day / Week: the size of the chart buckets (and of the frequency unit). */
export function BucketToggle(props: {
  value: Bucket;
  onChange: (bucket: Bucket) => void;
}) {
  return (
    <ButtonGroup size="small" color="primary" aria-label="Group by">
      {OPTIONS.map(option => (
        <Button
          key={option.value}
          variant={option.value === props.value ? 'contained' : 'outlined'}
          aria-pressed={option.value === props.value}
          onClick={() => props.onChange(option.value)}
        >
          {option.label}
        </Button>
      ))}
    </ButtonGroup>
  );
}
