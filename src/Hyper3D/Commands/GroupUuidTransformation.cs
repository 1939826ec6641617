using System.Management.Automation;

namespace Hyper3D.Commands
{
    /// <summary>
    /// What -GroupUuid takes: a string is a group uuid; any other object gives its GroupUuid (or Uuid) property, which
    /// may be empty (a card without a group). An object's text is never a group: a card prints as its title, which the
    /// server would look up as a group and refuse.
    /// </summary>
    internal sealed class GroupUuidTransformation : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value == null || value is string)
            {
                return value;
            }

            PSObject item = PSObject.AsPSObject(inputData);
            PSPropertyInfo? property = item.Properties["GroupUuid"] ?? item.Properties["Uuid"];
            if (property == null)
            {
                throw new ArgumentTransformationMetadataException(
                    $"A {value.GetType().Name} is not a group: -GroupUuid takes a group uuid (a string) or objects with a GroupUuid or Uuid property, such as cards and the rows Import-Csv reads back from them.");
            }

            return property.Value is PSObject inner ? inner.BaseObject?.ToString() : property.Value?.ToString();
        }
    }
}
