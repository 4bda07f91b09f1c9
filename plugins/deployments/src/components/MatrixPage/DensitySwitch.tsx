import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import { MatrixDensity } from './matrixLayout';

/** "Compact rows": 40 px rows, remembered per user (useMatrixDensity). */
export function DensitySwitch(props: {
  density: MatrixDensity;
  onChange: (density: MatrixDensity) => void;
}) {
  return (
    <FormControlLabel
      control={
        <Switch
          checked={props.density === 'compact'}
          onChange={(_, checked) =>
            props.onChange(checked ? 'compact' : 'comfortable')
          }
          color="primary"
          inputProps={{ 'aria-label': 'Compact rows' }}
          data-testid="matrix-density"
        />
      }
      label="Compact rows"
    />
  );
}
